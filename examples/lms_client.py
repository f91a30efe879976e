"""An LMS integration's round trip through the quizsite API, using only `requests`.

It authenticates with a course's integration key, lists the published quizzes, starts an attempt for one of
the course's students, answers every question, submits, then reads the grade (with the answer key, citations
and disagreements the quiz's review setting allows) and the student's progress.

    python examples/lms_client.py --base-url http://127.0.0.1:8000 --key "$QUIZSITE_API_KEY" --student student

The key comes from `python manage.py create_integration_key COURSE NAME --scope write_results` (or from a
teacher, through the API); the student must be enrolled in that course (`python manage.py enrol`).
In a real integration the answers come from the student in your LMS; here each question gets a stand-in answer
built from what the API shows of it, so the flow runs end to end. Exits non-zero on any unexpected response.
"""

import argparse
import os
import sys

import requests

TIMEOUT_SECONDS = 30


class ApiError(Exception):
    pass


class QuizsiteClient:
    def __init__(self, base_url: str, key: str):
        self.api = base_url.rstrip("/") + "/api/v1"
        self.http = requests.Session()
        self.http.headers.update({"Authorization": f"Api-Key {key}", "Accept": "application/json"})

    def call(self, method: str, path: str, *, expect: tuple[int, ...] = (200,), json=None, params=None) -> dict:
        response = self.http.request(method, self.api + path, json=json, params=params, timeout=TIMEOUT_SECONDS)
        if response.status_code not in expect:
            raise ApiError(f"{method} {path} -> {response.status_code}: {response.text[:500]}")
        return response.json()

    def every_page(self, path: str, **params) -> list[dict]:
        """Follow the `next` links of a paginated list and return all its results."""
        results, page = [], 1
        while True:
            body = self.call("GET", path, params={**params, "page": page})
            results.extend(body["results"])
            if not body["next"]:
                return results
            page += 1


def stand_in_answer(question: dict):
    """An answer of the right shape for the question's type (see README, "Answer shapes")."""
    kind = question["type"]
    if kind in ("single_choice", "true_false"):
        return question["options"][0]["key"]
    if kind == "multiple_choice":
        return [question["options"][0]["key"]]
    if kind == "short_answer":
        return "Stalin"
    if kind == "cloze":
        return {blank: "Stalin" for blank in question["blanks"]}
    if kind == "ordering":
        return [item["key"] for item in question["items"]]
    if kind == "matching":
        return {left["key"]: right["key"] for left, right in zip(question["left"], question["right"], strict=True)}
    raise ApiError(f"unknown question type {kind!r}")


def run(client: QuizsiteClient, *, student: str, quiz_slug: str | None) -> None:
    quizzes = client.every_page("/quizzes/")
    print(f"{len(quizzes)} published quizzes")
    if not quizzes:
        raise ApiError("no published quiz to take")
    quiz = next((quiz for quiz in quizzes if quiz["slug"] == quiz_slug), None) if quiz_slug else quizzes[0]
    if quiz is None:
        raise ApiError(f"no published quiz {quiz_slug!r}")
    print(f"quiz: {quiz['title']} ({quiz['slug']})")

    attempt = client.call("POST", f"/quizzes/{quiz['slug']}/attempts/", json={"student": student}, expect=(200, 201))
    print(f"attempt {attempt['id']} for {attempt['student']}: {attempt['status']}")

    detail = client.call("GET", f"/attempts/{attempt['id']}/")
    for row in detail["questions"]:
        question = row["question"]
        saved = client.call(
            "PUT", f"/attempts/{attempt['id']}/answers/{question['id']}/", json={"answer": stand_in_answer(question)}
        )
        print(f"  answered {row['number']}. {question['id']} ({question['type']}): saved {saved['answered_at']}")

    submitted = client.call("POST", f"/attempts/{attempt['id']}/submit/")
    print(f"submitted: {submitted['score']} / {submitted['max_score']} points ({submitted['percent']}%)")

    result = client.call("GET", f"/attempts/{attempt['id']}/result/")
    if result["score"] != submitted["score"]:
        raise ApiError("the result's score differs from the submission's")
    passed = {True: "passed", False: "not passed", None: "no pass mark"}[result["passed"]]
    print(f"grade: {result['percent']}% ({passed}); answer keys shown: {result['review_allowed']}")
    for row in result["questions"]:
        review = row.get("review") or {}
        citations = review.get("citations", [])
        print(f"  {row['number']}. credit {row['credit']}; {len(citations)} citation(s)")

    progress = client.call("GET", f"/students/{student}/progress/")
    print(f"progress of {progress['student']}: {len(progress['history'])} submitted attempt(s)")
    for row in progress["quizzes"]:
        if row["attempts_used"]:
            print(f"  {row['title']}: best {row['best_percent']}%, {row['attempts_used']} attempt(s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default=os.environ.get("QUIZSITE_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--key", default=os.environ.get("QUIZSITE_API_KEY"), help="Default: $QUIZSITE_API_KEY.")
    parser.add_argument("--student", required=True, help="Username of a student of the key's course.")
    parser.add_argument("--quiz", help="A quiz's slug (default: the first published quiz).")
    args = parser.parse_args()
    if not args.key:
        parser.error("give --key or set QUIZSITE_API_KEY")
    try:
        run(QuizsiteClient(args.base_url, args.key), student=args.student, quiz_slug=args.quiz)
    except (ApiError, requests.RequestException) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
