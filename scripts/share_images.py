"""Draw the share image (1200 × 630, og:image) and the icons (favicon, home-screen icon).

Run once after changing the design: ``.venv/bin/python scripts/share_images.py``. Chromium
(the browser tests' own) renders plain HTML with the Noto CJK font, so the PNGs need no
font on the reader's phone.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "static" / "img"
FONT = "'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif"
CARD = f"""<body style="margin:0;width:1200px;height:630px;background:#0b3d6b;color:#fff;
font-family:{FONT};display:flex;flex-direction:column;justify-content:center;padding:0 96px;
box-sizing:border-box">
<div style="font-size:92px;font-weight:700;line-height:1.25">医保个人账户查询</div>
<div style="font-size:50px;line-height:1.5;margin-top:28px">
每月划入多少钱 · 余额怎么查<br>按参保地算清楚，注明来源</div>
<div style="position:absolute;right:96px;bottom:72px;width:150px;height:150px;border-radius:28px;
background:#fff;color:#0b3d6b;font-size:112px;font-weight:700;display:flex;align-items:center;
justify-content:center">保</div></body>"""
ICON = f"""<body style="margin:0;width:{{size}}px;height:{{size}}px;background:#0b3d6b;color:#fff;
font-family:{FONT};font-weight:700;font-size:{{font}}px;display:flex;align-items:center;
justify-content:center;line-height:1">保</body>"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 630})
        page.set_content(CARD)
        page.screenshot(path=OUT / "share.png")
        for name, size in (("favicon-32.png", 32), ("icon-180.png", 180)):
            page.set_viewport_size({"width": size, "height": size})
            page.set_content(ICON.format(size=size, font=round(size * 0.78)))
            page.screenshot(path=OUT / name)
        browser.close()


if __name__ == "__main__":
    main()
