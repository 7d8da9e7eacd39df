"""指标: one screen, one widget per tab, view-models computed off the UI thread."""

from tui.screens.indicators.screen import IndicatorsScreen

__all__ = ["IndicatorsScreen"]
