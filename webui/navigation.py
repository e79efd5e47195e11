"""Clicks inside the HTML views that move between tabs: open a clause in context, go back to the
results, run a search (an example, a related instrument)."""

from __future__ import annotations

import gradio as gr

from .ask import AskTab, ask_html
from .changes import ChangesTab
from .context import ContextTab
from .state import IndexHolder


def wire(holder: IndexHolder, tabs: gr.Tabs, ask: AskTab, context: ContextTab, changes: ChangesTab) -> None:
    outputs = [tabs, ask.question, ask.results, *context.outputs, *changes.outputs]
    skip_changes = [gr.skip()] * len(changes.outputs)

    def on_action(q, k_, body_, number_, revision_, kind_, evt: gr.EventData):
        data = getattr(evt, "_data", None) or {}
        action = data.get("action")
        skip = [gr.skip()] * len(context.outputs)
        if action == "open":
            return [gr.Tabs(selected="context"), gr.skip(), gr.skip(),
                    *context.open(holder, data.get("clause_id", ""), q), *skip_changes]
        if action == "changes":
            return [gr.Tabs(selected="changes"), gr.skip(), gr.skip(), *skip,
                    *changes.open(holder, data.get("clause_id", ""))]
        if action == "back":
            return [gr.Tabs(selected="ask"), gr.skip(), gr.skip(), *skip, *skip_changes]
        if action == "search":
            text = data.get("query", "")
            return [gr.Tabs(selected="ask"), text, ask_html(holder, text, k_), *skip, *skip_changes]
        return [gr.skip(), gr.skip(), gr.skip(), *skip, *skip_changes]

    for comp in (ask.results, ask.examples, context.head, context.related):
        comp.click(on_action, ask.inputs, outputs, api_name=False)
