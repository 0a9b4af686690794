"""Write familynet.settings.markdown_table() into the README's Configuration section
(tests/familynet/test_settings.py checks that the two agree): run `.venv/bin/python
tools/settings-table.py` after adding a setting."""

from pathlib import Path

from familynet.settings import markdown_table

README = Path(__file__).resolve().parent.parent / "README.md"
lines = README.read_text(encoding="utf-8").split("\n")
start = next(i for i, line in enumerate(lines) if line.startswith("| Variable | Default"))
end = start
while end < len(lines) and lines[end].startswith("|"):
    end += 1
lines[start:end] = markdown_table().split("\n")
README.write_text("\n".join(lines), encoding="utf-8")
