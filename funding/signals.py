"""What the fund announces, for others (email updates) to listen to without the fund knowing them.

    from funding.signals import fund_window_opened

    @receiver(fund_window_opened)
    def tell_subscribers(sender, round, window, **kwargs): ...

- `fund_window_opened`: a round's window has opened; `window` is "eoi" (expressions of interest) or
  "applications". Sent once per round and window by the periodic task `announce_fund_windows`
  (funding.services.announce_opened_windows records each in `WindowOpening`). `round` is the
  `funding.models.Round`; `round.state()` and its dates say until when the window is open.
"""

from django.dispatch import Signal

fund_window_opened = Signal()
