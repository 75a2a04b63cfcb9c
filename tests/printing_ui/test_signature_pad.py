"""The signature pad from synthesized mouse, touch and tablet input."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QInputDevice, QMouseEvent, QPointingDevice, QTabletEvent
from PySide6.QtWidgets import QApplication

from printing.signature import SIGNATURE_ASPECT, render_signature_png, validate_strokes
from ui.printing import SignaturePad


@pytest.fixture
def pad(qtbot) -> SignaturePad:  # type: ignore[no-untyped-def]
    w = SignaturePad()
    qtbot.addWidget(w)
    w.resize(600, 200)
    w.show()
    qtbot.waitExposed(w)
    return w


def mouse(pad: SignaturePad, kind: QEvent.Type, x: float, y: float, held: bool = True) -> None:
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    buttons = Qt.MouseButton.LeftButton if held and kind != QEvent.Type.MouseButtonRelease else Qt.MouseButton.NoButton
    pos = QPointF(x, y)
    QApplication.sendEvent(pad, QMouseEvent(kind, pos, pad.mapToGlobal(pos), button, buttons,
                                            Qt.KeyboardModifier.NoModifier))


def draw(pad: SignaturePad, points: list[tuple[float, float]]) -> None:
    mouse(pad, QEvent.Type.MouseButtonPress, *points[0])
    for p in points[1:-1]:
        mouse(pad, QEvent.Type.MouseMove, *p)
    mouse(pad, QEvent.Type.MouseButtonRelease, *points[-1])


PEN = QPointingDevice("test pen", 4242, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Pen,
                      QInputDevice.Capability.Position | QInputDevice.Capability.Pressure, 1, 3)


def tablet(pad: SignaturePad, kind: QEvent.Type, x: float, y: float, pressure: float) -> QTabletEvent:
    pos = QPointF(x, y)
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.TabletMove else Qt.MouseButton.LeftButton
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease else Qt.MouseButton.LeftButton
    ev = QTabletEvent(kind, PEN, pos, pad.mapToGlobal(pos), pressure, 0.0, 0.0, 0.0, 0.0, 0.0,
                      Qt.KeyboardModifier.NoModifier, button, buttons)
    QApplication.sendEvent(pad, ev)
    return ev


def test_the_pad_keeps_the_signature_aspect(pad) -> None:
    r = pad.pad_rect()
    assert r.width() / r.height() == pytest.approx(SIGNATURE_ASPECT, rel=1e-3)
    assert pad.heightForWidth(900) == 300


def test_mouse_strokes_are_normalized_and_printable(pad, qtbot) -> None:
    with qtbot.waitSignal(pad.strokes_changed):
        draw(pad, [(30, 100), (150, 40), (300, 160), (570, 100)])
    with qtbot.waitSignal(pad.strokes_changed):
        draw(pad, [(100, 150), (500, 150)])
    strokes = pad.strokes()
    assert [len(s) for s in strokes] == [4, 2]
    assert strokes[0][0] == (0.05, 0.5, 0.6)  # 30/600, 100/200, the mouse's fixed pressure
    assert strokes[0][-1][:2] == (0.95, 0.5)
    validate_strokes(strokes)
    png = render_signature_png(strokes)
    assert png.startswith(b"\x89PNG")


def test_points_outside_the_box_are_clamped(pad) -> None:
    draw(pad, [(-50, -50), (700, 300)])
    assert pad.strokes() == [[(0.0, 0.0, 0.6), (1.0, 1.0, 0.6)]]


def test_tablet_pressure_is_kept_and_no_mouse_stroke_is_added(pad) -> None:
    for ev in (tablet(pad, QEvent.Type.TabletPress, 60, 100, 0.2),
               tablet(pad, QEvent.Type.TabletMove, 300, 100, 0.55),
               tablet(pad, QEvent.Type.TabletMove, 540, 120, 0.9),
               tablet(pad, QEvent.Type.TabletRelease, 540, 120, 0.0)):
        assert ev.isAccepted()
    strokes = pad.strokes()
    assert len(strokes) == 1
    assert [p[2] for p in strokes[0]] == [0.2, 0.55, 0.9]
    assert strokes[0][1][:2] == (0.5, 0.5)


def test_touch_draws_a_stroke(pad, qtbot) -> None:
    from PySide6.QtTest import QTest

    device = QTest.createTouchDevice()
    QTest.touchEvent(pad, device).press(0, QPoint(60, 100)).commit()
    QTest.touchEvent(pad, device).move(0, QPoint(300, 60)).commit()
    QTest.touchEvent(pad, device).release(0, QPoint(540, 100)).commit()
    strokes = pad.strokes()
    assert len(strokes) == 1 and len(strokes[0]) == 3
    # a touch point is an area; Qt reports its centre within a pixel or two
    assert strokes[0][0][:2] == pytest.approx((0.1, 0.5), abs=0.015)
    assert strokes[0][-1][:2] == pytest.approx((0.9, 0.5), abs=0.015)


def test_undo_redo_and_clear(pad, qtbot) -> None:
    assert pad.is_empty() and not pad.can_undo()
    draw(pad, [(10, 10), (100, 100)])
    draw(pad, [(200, 10), (300, 100)])
    two = pad.strokes()
    pad.undo()
    assert pad.strokes() == two[:1] and pad.can_redo()
    pad.redo()
    assert pad.strokes() == two
    pad.clear()
    assert pad.is_empty()
    pad.undo()  # a clear can be undone
    assert pad.strokes() == two
    pad.undo()
    draw(pad, [(400, 50), (450, 60)])  # a new stroke drops the redo history
    assert not pad.can_redo() and len(pad.strokes()) == 2


def test_strokes_from_the_database_are_shown(pad) -> None:
    pad.set_strokes([[[0.1, 0.2, 0.5], [0.3, 0.4, 0.6]]])  # JSON gives lists
    assert pad.strokes() == [[(0.1, 0.2, 0.5), (0.3, 0.4, 0.6)]]
    image = pad.grab().toImage()
    x, y = int(pad.pad_rect().x() + 0.2 * pad.pad_rect().width()), int(pad.pad_rect().y() + 0.3 * pad.pad_rect().height())
    assert image.pixelColor(x, y).lightness() < 100  # ink on the line between the two points
