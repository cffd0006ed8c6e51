"""Risk: scores per area, forecasts of incidents and their backtests.

``eventtable``, ``forecast``, ``backtest`` and ``scoring`` import nothing from Django, so that
they can be tested, benchmarked and run on their own.
"""
