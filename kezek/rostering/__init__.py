"""Rostering: named agents on shifts (``kezek roster``); the engine is ``kezek.engine.rostering``."""
