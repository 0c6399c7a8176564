"""Survey results: counts per option with the bar widths the charts draw."""

from collections import Counter

from .models import Survey


def survey_results(survey: Survey, *, with_text: bool) -> list[dict]:
    """Return per question {text, kind, total, options: [{label, count, percent}], texts} from the responses."""
    responses = list(survey.responses.values_list("answers", flat=True))
    results = []
    for q in survey.questions.all():
        answers = [r.get(str(q.position)) for r in responses]
        entry = {"position": q.position, "text": q.text, "kind": q.get_kind_display(), "total": len(responses),
                 "options": [], "texts": [], "chart_height": 20 * max(len(q.options), 1)}
        if q.kind == "text":
            entry["texts"] = [a for a in answers if a] if with_text else []
            entry["answered"] = sum(1 for a in answers if a)
        else:
            counts = Counter(v for a in answers for v in (a if isinstance(a, list) else [a]) if v)
            for label in q.options:
                n = counts.get(label, 0)
                entry["options"].append({"label": label, "count": n,
                                         "percent": round(n * 100 / len(responses), 1) if responses else 0.0})
        results.append(entry)
    return results
