"""Tests of the client package, without Home Assistant."""
