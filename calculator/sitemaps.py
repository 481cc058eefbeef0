from calculator.registry import TOOLS
from yibao_site.lib.sitemaps import NamedPages


class CalculatorPages(NamedPages):
    priority = 0.9
    names = tuple(f"calculator:{tool.name}" for tool in TOOLS)


SITEMAPS = {"calculators": CalculatorPages}
