# The browser fixtures live in tests/browser.py, registered once for the whole suite in
# tests/conftest.py: one Chromium per test session, whichever app's tests ask for it.
