"""Progress charts agree with their tables: the same figures, and no bar for a level the table does not give."""

import re
from datetime import UTC, datetime

from quizzes.services.charts import history_chart, mastery_chart
from quizzes.services.progress import HistoryEntry, Mastery


def test_a_topic_with_too_few_answers_gets_no_bar_and_no_figure():
    rows = [
        Mastery(slug="one", name="One answer", questions_total=5, questions_answered=1, mean_credit=1.0),
        Mastery(slug="three", name="Three answers", questions_total=5, questions_answered=3, mean_credit=0.675),
    ]
    svg = str(mastery_chart(rows, title="Mastery by topic"))
    assert rows[0].level == "not enough answers yet" and rows[0].is_measured is False
    assert len(re.findall(r'class="bar"', svg)) == 1
    assert "not enough yet · 1/5" in svg
    assert "67.5% · 3/5" in svg  # as the table writes it, not rounded to 68


def test_long_names_are_fitted_not_cut():
    name = "Stalinism doesn't equal socialism (untitled column; title taken from its thesis)"
    svg = str(mastery_chart([Mastery("s", name, 3, 3, 0.5)], title="Mastery by source"))
    assert "doesn&#x27;t equal socialism (untitled column; title taken from its thesis)" in svg
    assert 'lengthAdjust="spacingAndGlyphs"' in svg


def test_the_history_chart_writes_each_score_as_the_table_does():
    entry = HistoryEntry(1, "Quiz", 1, datetime(2026, 1, 1, tzinfo=UTC), 67.5, True)
    assert ">67.5</text>" in str(history_chart([entry]))
