"""Meeting mode's ring layout (app/rings.py): who goes where, and that large labels do not collide."""

from __future__ import annotations

import math

import pytest

from app.meeting.rings import INNER, LABEL, place_in_rings

WIDE = INNER[0] / INNER[1]  # the rings are ellipses this much wider than tall, like a screen


def family(people: int, services_each: int) -> list[dict]:
    """p:0 (opened) and other people linked to p:0, each with homes/services of their own."""
    elements = [
        {"data": {"id": f"p:{i}", "label": f"Person {i}"}, "classes": "person adult"} for i in range(people)
    ]
    for i in range(1, people):
        elements.append({"data": {"id": f"e:{i}", "source": f"p:{i}", "target": "p:0"}, "classes": "parent"})
    for i in range(people):
        for j in range(services_each):
            elements.append({"data": {"id": f"s:{i}-{j}", "label": "Service"}, "classes": "service"})
            elements.append(
                {
                    "data": {"id": f"i:{i}-{j}", "source": f"p:{i}", "target": f"s:{i}-{j}"},
                    "classes": "involved",
                }
            )
    return elements


def positions(elements: list[dict]) -> dict[str, tuple[float, float]]:
    return {e["data"]["id"]: (e["position"]["x"], e["position"]["y"]) for e in elements if "position" in e}


def test_the_person_opened_is_in_the_middle_with_people_around_them_and_services_outside() -> None:
    placed = positions(place_in_rings(family(4, 2), "p:0"))
    assert placed["p:0"] == (0.0, 0.0)
    out = {
        node: math.hypot(x / WIDE, y) for node, (x, y) in placed.items()
    }  # how far out, on the screen's shape
    people = [out[f"p:{i}"] for i in range(1, 4)]
    services = [d for node, d in out.items() if node.startswith("s:")]
    assert min(people) > 0 and max(people) < min(services)


def test_edges_keep_no_position_and_every_node_gets_one() -> None:
    elements = place_in_rings(family(3, 1), "p:0")
    assert all(("position" in e) == ("source" not in e["data"]) for e in elements)


def test_a_service_sits_on_the_side_of_the_person_it_belongs_to() -> None:
    placed = positions(place_in_rings(family(3, 1), "p:0"))
    for person in ("p:1", "p:2"):  # one left of the person opened, one right
        service = placed[f"s:{person[2:]}-0"]
        assert (service[0] < 0) == (placed[person][0] < 0), (person, placed)


@pytest.mark.parametrize("people, services_each", [(2, 3), (5, 2), (9, 2), (14, 3)])
def test_no_two_nodes_with_their_labels_overlap(people: int, services_each: int) -> None:
    placed = list(positions(place_in_rings(family(people, services_each), "p:0")).items())
    for i, (a, (ax, ay)) in enumerate(placed):
        for b, (bx, by) in placed[i + 1 :]:
            assert abs(ax - bx) >= LABEL[0] or abs(ay - by) >= LABEL[1], (a, b)


def test_homes_and_services_take_the_sides_so_the_family_fills_a_wide_screen() -> None:
    """Above and below the people they made the layout as tall again, which shrank every label."""
    placed = positions(place_in_rings(family(7, 1), "p:0"))
    people_across = max(abs(x) for node, (x, _) in placed.items() if node.startswith("p:"))
    assert all(abs(x) > people_across for node, (x, _) in placed.items() if node.startswith("s:"))
    xs, ys = [x for x, _ in placed.values()], [y for _, y in placed.values()]
    width, height = max(xs) - min(xs) + LABEL[0], max(ys) - min(ys) + LABEL[1]
    assert width >= 2 * height, (width, height)  # 1366×768 less the meeting bar is about 3:1
