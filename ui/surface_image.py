"""A loss surface as a picture under a figure's paths: banded colours with lighter level lines.

The Optimizer lab and the Presenter animate their paths with plotly frames. A contour *trace*
does not survive that: with ``redraw=True`` plotly clears and redraws every trace on each frame
(a heatmap-coloured contour is gone for the whole animation, a filled one flickers), and with
``redraw=False`` it drops the layers of the traces a frame does not animate, the contour among
them. A layout image is not a trace, so frames never touch it: the surface stays on screen while
the paths move, and the quick redraw-free frames can be used. It is also smaller than a
140 x 140 contour grid sent as numbers (15 to 20 KB of PNG against about 400 KB of JSON).
"""

from __future__ import annotations

import base64
import io

import numpy as np
from plotly.colors import sample_colorscale, unlabel_rgb

from engine.optim.surfaces import Surface, contour_grid

#: pixels per side: the picture is scaled (smoothly) to the plot, about 400 to 750 px wide
PIXELS = 480
#: colour bands, as many as plotly's automatic contour levels draw
LEVELS = 16
#: the bands' opacity over the white page, and the level lines' share of white
OPACITY, LINE_WHITE = 0.85, 0.5


def band_colours() -> np.ndarray:
    """``(LEVELS, 3)`` RGB colours: dark blue for the lowest band to white for the highest
    (plotly's reversed "Blues"), at :data:`OPACITY` over white."""
    centres = [1 - (k + 0.5) / LEVELS for k in range(LEVELS)]
    rgb = np.array([unlabel_rgb(c) for c in sample_colorscale("Blues", centres)], dtype=float)
    return OPACITY * rgb + (1 - OPACITY) * 255


def bands(Z: np.ndarray) -> np.ndarray:
    """Each grid value's band, 0 (lowest) to ``LEVELS - 1``, over the finite range of ``Z``
    (a value that is not finite counts as the highest)."""
    finite = np.isfinite(Z)
    lo, hi = (Z[finite].min(), Z[finite].max()) if finite.any() else (0.0, 1.0)
    t = np.where(finite, (Z - lo) / ((hi - lo) or 1.0), 1.0)
    return np.clip((t * LEVELS).astype(int), 0, LEVELS - 1)


def surface_pixels(surface: Surface, pixels: int = PIXELS) -> np.ndarray:
    """``(pixels, pixels, 3)`` uint8 RGB of ``surface`` over its bounds, top row at the largest y;
    a pixel where the band changes to its right or below is lightened: the level lines."""
    _, _, Z = contour_grid(surface, pixels)  # Z[i, j] at (xs[j], ys[i]), ys rising
    level = bands(Z)[::-1]  # image rows go down
    rgb = band_colours()[level]
    edge = np.zeros(level.shape, dtype=bool)
    edge[:, :-1] |= level[:, :-1] != level[:, 1:]
    edge[:-1, :] |= level[:-1, :] != level[1:, :]
    rgb[edge] = LINE_WHITE * 255 + (1 - LINE_WHITE) * rgb[edge]
    return rgb.round().astype(np.uint8)


#: PNG data URIs by surface (name, parameters, bounds, log scale) and size: one per demo in use
_URIS: dict[tuple, str] = {}
_MAX_URIS = 64


def _png_uri(surface: Surface, pixels: int) -> str:
    from PIL import Image  # Pillow comes with Streamlit

    buffer = io.BytesIO()
    Image.fromarray(surface_pixels(surface, pixels), "RGB").save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def surface_image(surface: Surface, pixels: int = PIXELS) -> dict:
    """A plotly layout image of ``surface`` filling its bounds in data coordinates, under the
    traces. The PNG is made once per surface and size (a redraw of a demo reuses it)."""
    key = (surface.name, tuple(sorted(surface.params.items())), surface.bounds, surface.log_contours, pixels)
    uri = _URIS.get(key)
    if uri is None:
        uri = _png_uri(surface, pixels)
        if len(_URIS) >= _MAX_URIS:  # the oldest goes; a race only makes one PNG twice
            _URIS.pop(next(iter(_URIS)), None)
        _URIS[key] = uri
    (x0, x1), (y0, y1) = surface.bounds
    return dict(source=uri, xref="x", yref="y", x=x0, y=y1, sizex=x1 - x0, sizey=y1 - y0,
                sizing="stretch", layer="below", xanchor="left", yanchor="top")
