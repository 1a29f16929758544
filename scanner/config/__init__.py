"""User configuration: where it lives, what it may say, and its validation."""

from scanner.config.load import CONFIG_NAME, Config, find_root, load_config, parse_config

__all__ = ["CONFIG_NAME", "Config", "find_root", "load_config", "parse_config"]
