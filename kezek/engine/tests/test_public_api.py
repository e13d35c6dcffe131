"""The engine's top-level names resolve, and importing it loads no Django."""

import subprocess
import sys

import kezek.engine


def test_every_exported_name_resolves() -> None:
    for name in kezek.engine.__all__:
        assert getattr(kezek.engine, name) is not None


def test_importing_the_whole_engine_loads_no_django() -> None:
    code = (
        "import sys, kezek.engine as e\n"
        "[getattr(e, n) for n in e.__all__]\n"
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    result = subprocess.run(  # noqa: S603  (our interpreter, fixed code)
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "False"
