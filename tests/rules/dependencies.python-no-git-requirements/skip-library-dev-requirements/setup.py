from setuptools import setup
setup(name="client", install_requires=["core>=1.2,<2"])
