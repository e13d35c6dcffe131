from kezek.config.settings import *  # noqa: F403
