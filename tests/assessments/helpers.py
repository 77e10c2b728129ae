"""Small helpers for driving an attempt through the site as a participant would."""

from assessments.models import Attempt


def start(client, quiz) -> Attempt:
    response = client.post(f"/quizzes/{quiz.pk}/start/")
    assert response.status_code == 302, response.content[:500]
    return Attempt.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))


def correct_answers(attempt) -> dict[str, list[str]]:
    return {
        q.id: [o.id for o in q.options if o.correct]
        for q in attempt.content.questions.values()
    }


def wrong_answers(attempt) -> dict[str, list[str]]:
    return {
        q.id: [next(o.id for o in q.options if not o.correct)]
        for q in attempt.content.questions.values()
    }


def form_data(answers: dict[str, list[str]]) -> dict[str, list[str]]:
    return {f"q-{qid}": ids for qid, ids in answers.items()}


def autosave(client, attempt, answers, seq=1, **extra):
    import json

    return client.post(
        f"/quizzes/attempts/{attempt.pk}/answers/",
        data=json.dumps({"answers": answers, "seq": seq, **extra}),
        content_type="application/json",
    )
