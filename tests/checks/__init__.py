"""Tests of the offline hassfest/HACS checks and of the brand images."""
