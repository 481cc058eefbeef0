from yibao_site.lib.sitemaps import NamedPages


class CalculatorPages(NamedPages):
    priority = 0.9
    names = (
        "calculator:monthly",
        "calculator:projection",
        "calculator:critical_illness",
        "calculator:lapse",
        "calculator:reconcile",
        "calculator:compare",
    )


SITEMAPS = {"calculators": CalculatorPages}
