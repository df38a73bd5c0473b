"""Figure text people can read: every figure's axis text in INK, at body-text contrast (conformance)."""

from __future__ import annotations

import ast
from pathlib import Path

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.figures import INK, contrast, inked

UI = Path(__file__).resolve().parents[2] / "ui"


def axes_inked(fig: go.Figure) -> bool:
    """Every axis of ``fig`` has its ticks and title in :data:`INK`."""
    axes = [a for name in fig.layout if name.startswith(("xaxis", "yaxis")) for a in [fig.layout[name]]]
    return bool(axes) and all(a.tickfont.color == INK and a.title.font.color == INK for a in axes)


def test_ink_reads_at_body_text_contrast_on_the_page():
    assert contrast(INK, "#ffffff") >= 4.5
    assert contrast("#808495", "#ffffff") < 4.5  # the theme's grey it replaces


def test_inked_colours_axes_colour_bars_notes_parallel_coordinates_and_sliders():
    fig = make_subplots(rows=1, cols=2, subplot_titles=("left", "right"))
    fig.add_scatter(x=[1, 2], y=[1, 2], row=1, col=1)
    fig.add_contour(z=[[1, 2], [3, 4]], row=1, col=2)
    fig.add_scatter(x=[1, 2], y=[2, 1], mode="markers", marker=dict(color=[0, 1], showscale=True), row=1, col=1)
    fig.add_annotation(x=1, y=1, text="kept", font_color="#dc2626", showarrow=False)
    fig.update_layout(sliders=[dict(steps=[dict(label="1", method="skip")]),
                               dict(font_color="rgba(0,0,0,0)", steps=[dict(label="1", method="skip")])],
                      updatemenus=[dict(buttons=[dict(label="Play", method="skip")])])
    inked(fig)
    assert axes_inked(fig) and len([n for n in fig.layout if n.startswith("xaxis")]) == 2
    assert [a.font.color for a in fig.layout.annotations] == [INK, INK, "#dc2626"]  # subplot titles, then a set colour
    assert fig.data[1].colorbar.tickfont.color == INK and fig.data[2].marker.colorbar.tickfont.color == INK
    assert fig.layout.sliders[0].font.color == INK and fig.layout.sliders[0].currentvalue.font.color == INK
    assert fig.layout.sliders[1].font.color == "rgba(0,0,0,0)"  # labels hidden on purpose stay hidden
    assert fig.layout.updatemenus[0].font.color == INK
    pc = inked(go.Figure(go.Parcoords(dimensions=[dict(label="a", values=[1, 2])])))
    assert pc.data[0].labelfont.color == pc.data[0].tickfont.color == pc.data[0].rangefont.color == INK


def _own_returns(fn: ast.FunctionDef):
    """The return statements of ``fn`` itself, not of functions defined inside it."""
    todo = list(fn.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Return):
            yield node
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            todo.extend(ast.iter_child_nodes(node))


def _figure_builders() -> dict[str, set[str]]:
    """Each ui function annotated to return a ``go.Figure``, with what its return statements call."""
    out = {}
    for path in sorted(UI.glob("*.py")):
        for fn in ast.walk(ast.parse(path.read_text())):
            if isinstance(fn, ast.FunctionDef) and fn.returns is not None and ast.unparse(fn.returns) == "go.Figure":
                calls = set()
                for ret in _own_returns(fn):
                    call = ret.value
                    calls.add(call.func.id if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                              else ast.unparse(call))
                out[f"{path.stem}.{fn.name}"] = calls
    return out


def test_every_figure_builder_returns_its_figure_through_inked():
    builders = _figure_builders()
    assert len(builders) >= 15  # the scan finds the builders (outcome bars ... the GP views)
    names = {key.split(".")[1] for key in builders} - {"inked"}
    for key, calls in builders.items():
        if key == "figures.inked":
            continue
        assert calls <= names | {"inked"}, f"{key} returns {calls - names - {'inked'}}, not inked(...)"
