# ruff: noqa: E501
"""A realistic, labelled corpus built at run time, and the tools that measure credscan on it."""
