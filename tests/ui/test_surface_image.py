"""The loss surface's picture: the lowest band darkest, the image's top row at the largest y."""

from __future__ import annotations

import base64
import io

import numpy as np

from engine.optim.surfaces import contour_grid, get_surface
from ui.figures import contrast
from ui.surface_image import LEVELS, band_colours, bands, surface_image, surface_pixels


def _luminance_order(colours: np.ndarray) -> np.ndarray:
    return colours @ np.array([0.2126, 0.7152, 0.0722])


def test_bands_run_from_darkest_at_the_lowest_values_to_near_white_at_the_highest():
    shades = _luminance_order(band_colours())
    assert len(shades) == LEVELS and (np.diff(shades) > 0).all()
    top = "#" + "".join(f"{round(c):02x}" for c in band_colours()[-1])
    assert contrast(top, "#ffffff") < 1.2  # the highest band is nearly the page


def test_bands_cover_the_finite_range_and_put_non_finite_values_at_the_top():
    Z = np.array([[0.0, 1.0], [0.5, np.inf]])
    assert bands(Z).tolist() == [[0, LEVELS - 1], [LEVELS // 2, LEVELS - 1]]


def test_the_picture_is_the_surface_with_its_top_row_at_the_largest_y():
    surface = get_surface("rosenbrock")  # not symmetric in y
    pixels = surface_pixels(surface, 40)
    _, _, Z = contour_grid(surface, 40)
    colours = band_colours().round()
    level = bands(Z)
    # away from the level lines (lightened), each pixel is its band's colour, rows flipped
    for i, j in [(0, 5), (39, 5), (20, 30)]:
        row = 39 - i
        if (level[i, j] == level[i, min(j + 1, 39)]) and (i == 0 or level[i, j] == level[i - 1, j]):
            assert (pixels[row, j] == colours[level[i, j]]).all()
    # the minimum (1, 1) sits in the lowest band: the darkest pixels are around it
    (x0, x1), (y0, y1) = surface.bounds
    dark = np.argwhere(_luminance_order(pixels.astype(float)) == _luminance_order(pixels.astype(float)).min())
    ys = y1 - dark[:, 0] / 39 * (y1 - y0)
    assert abs(np.median(ys) - 1.0) < 0.6


def test_the_image_is_a_small_png_made_once_per_surface():
    from PIL import Image

    surface = get_surface("quadratic", condition=10.0)
    first = surface_image(surface)
    assert surface_image(get_surface("quadratic", condition=10.0))["source"] is first["source"]  # cached
    assert surface_image(get_surface("quadratic", condition=100.0))["source"] != first["source"]
    png = base64.b64decode(first["source"].split(",", 1)[1])
    assert len(png) < 40_000  # the 140 x 140 contour grid it replaces was about 400 KB of JSON
    assert Image.open(io.BytesIO(png)).size == (480, 480)
