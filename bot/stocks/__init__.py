"""The stock directory (names -> tickers) and its update from a public listing."""
