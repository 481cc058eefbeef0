import cProfile, pstats, io, time
import pytest
from tests.test_import_scale import big_file
from policies.importing import import_rules

@pytest.mark.django_db
def test_prof():
    body = big_file()
    pr = cProfile.Profile()
    t=time.perf_counter()
    pr.enable()
    out = import_rules(body, dry_run=True)
    pr.disable()
    print("dry", time.perf_counter()-t, out.summary())
    s = io.StringIO()
    pstats.Stats(pr, stream=s).sort_stats("cumulative").print_stats(45)
    print(s.getvalue()[:9000])
