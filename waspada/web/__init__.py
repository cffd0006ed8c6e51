"""What every page shares at the HTTP level: error pages, the request guard, the CSP header."""
