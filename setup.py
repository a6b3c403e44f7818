"""Only for the Decap CMS bundle: a wheel (or `pip install git+…`) gets it, checked against MANIFEST.json.

Everything else is in pyproject.toml. The bundle is not in git (scripts/vendor-decap.py says why and how).
"""
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithDecap(build_py):
    def run(self) -> None:
        script = Path(__file__).resolve().parent / "scripts" / "vendor-decap.py"
        if script.is_file():  # a source tree; an sdist without scripts/ keeps whatever bundle it carries
            subprocess.run([sys.executable, str(script)], check=True)
        super().run()


setup(cmdclass={"build_py": BuildPyWithDecap})
