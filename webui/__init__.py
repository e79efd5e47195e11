"""The web UI's parts behind `ui.py`: one builder per tab (ask, context, batch, documents), the HTML views
(views), the look (style), the index the app serves (state) and the moves between tabs (navigation).

A tab module holds its handlers (plain functions, tested without a browser) and `build(holder)`, which
creates the tab's components inside an open `gr.Tab` and wires the tab's own events.
"""
