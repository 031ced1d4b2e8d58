"""Package discovery for the mapped folders (see [tool.setuptools] in pyproject.toml):
find_packages cannot see that plugins/ installs as tqa_plugins, so list them here."""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["qa_core", "qa_core.*"])
    + ["tqa_plugins"]
    + [f"tqa_plugins.{name}" for name in find_packages("plugins")]
    + ["tqa_glossary"],
)
