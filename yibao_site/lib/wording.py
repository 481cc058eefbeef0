"""Sentences the site says in many places, written once."""

# Every answer ends with it (pages, fragments and the JSON API).
DISCLAIMER = "仅供参考，以参保地医保部门公布的规定为准。"
