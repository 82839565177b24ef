"""Which of the app's modules and templates one request runs: `python bench/modules_touched.py [URL]`.

Loads the curated records into a scratch SQLite database, asks for the URL once with the test client (a cold
render: the page cache is cleared first) and lists every module of `negotiations/` whose code ran (tests and
migrations aside) and every template rendered. Used for issue 18's note: how many places one page's code reads.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
URL = sys.argv[1] if len(sys.argv) > 1 else "/demands/?from=2025-05-01&to=2025-06-30&q=ceasefire"


def main():
    scratch = tempfile.mkdtemp()
    os.environ.update(DEBUG="1", DATABASE_URL=f"sqlite:///{scratch}/touched.sqlite3", RENDER_SLOTS="0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.test.signals import template_rendered
    from django.test.utils import setup_test_environment

    call_command("migrate", verbosity=0)
    call_command("load_curated", verbosity=0)
    setup_test_environment()
    client = Client()
    client.get(URL)  # imports, caches of resolved URLs and the like: not what one request reads
    cache.clear()

    app = str(ROOT / "negotiations")
    modules, templates = set(), []

    def profile(frame, event, arg):
        if event == "call":
            path = frame.f_code.co_filename
            if path.startswith(app) and "/tests/" not in path and "/migrations/" not in path:
                modules.add(os.path.relpath(path, ROOT))

    template_rendered.connect(lambda sender, template, **kwargs: templates.append(template.name), weak=False)
    sys.setprofile(profile)
    response = client.get(URL)
    sys.setprofile(None)
    print(f"{URL}: {response.status_code}")
    print(f"{len(modules)} modules:")
    for name in sorted(modules):
        print(f"  {name}")
    names = sorted({name for name in templates if name})
    print(f"{len(names)} templates:")
    for name in names:
        print(f"  {name}")


if __name__ == "__main__":
    main()
