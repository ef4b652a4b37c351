"""Placeholder: commands of this group are being written."""

from __future__ import annotations
