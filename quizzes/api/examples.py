"""Example bodies of the API's documentation.

Sources, passages and topics are real responses on the shipped sources. Every question, quiz, attempt, result
and card is made up: the example questions below are not in the bank, so that the public schema never shows a
shipped question's key (tests/test_api_schema.py checks that no example holds one). Lists are trimmed to one or
two items; drf-spectacular wraps a list view's example in the paginated envelope itself.
"""

EXAMPLE_CITATION = {"source": "wikipedia", "quote": "In August 1940, Trotsky was assassinated in Mexico"}

# A made-up question for the bank (its id is not in the shipped bank); the quote is verbatim in the article.
NEW_QUESTION = {
    "id": "example-made-up-single-choice",
    "type": "single_choice",
    "status": "draft",
    "framing": "attributed",
    "difficulty": 1,
    "topics": ["trotsky"],
    "prompt": "An example, not in the bank: which of these made-up options does the Wikipedia article support?",
    "choices": [
        {"key": "a", "text": "Example option one"},
        {"key": "b", "text": "Example option two"},
        {"key": "c", "text": "Example option three"},
    ],
    "answer": "b",
    "explanation": "An example explanation pointing to the cited passage.",
    "citations": [EXAMPLE_CITATION],
    "disagreement_point": "",
    "disagreements": [],
}

# A made-up contested point (not in the bank): its claims are examples; its quotes are verbatim in the sources.
DISAGREEMENT_POINT = {
    "slug": "example-made-up-point",
    "question": "An example, not in the bank: where do two sources part ways?",
    "stakes": "An example of what is at stake: one source says one thing, another says something else.",
    "topics": ["trotsky"],
    "withheld": False,
    "positions": [
        {
            "source": "wikipedia",
            "source_title": "Stalinism",
            "source_publisher": "Wikipedia",
            "source_name": "Wikipedia — Stalinism",
            "claim": "An example claim, in our words.",
            "quotes": [
                {
                    "quote": EXAMPLE_CITATION["quote"],
                    "passage": "p-36",
                    "passage_opening": "Many military leaders were convicted of treason, and a…",
                }
            ],
        },
    ],
    "silent_sources": ["revolupedia", "starr"],
    "questions": [
        {"id": "example-made-up-single-choice", "prompt": "An example, not in the bank.", "attempt": 7, "number": 3}
    ],
}

NEW_QUESTION_STORED = {**NEW_QUESTION, "citations": [{**EXAMPLE_CITATION, "passage": "p-36"}]}

SOURCE_REVOLUPEDIA = {
    "slug": "revolupedia",
    "title": "Anti-Stalinism",
    "publisher": "Revolupedia (wiki)",
    "site": "Revolupedia",
    "display_name": "Revolupedia — Anti-Stalinism",
    "author": "Wiki contributors (revision by TDM)",
    "date_label": "Revision as of 03:17, 30 April 2025",
    "published_on": "2025-04-30",
    "kind": "partisan_wiki",
    "perspective_label": "Marxist–Leninist (anti-revisionist) wiki",
    "perspective": "A wiki written from a Marxist–Leninist, anti-revisionist standpoint. It treats Stalin's "
    "legacy as part of Leninism, sees opposition to Stalin as an extension of anti-communism, "
    "and regards Khrushchev's de-Stalinization as revisionism that weakened the communist "
    "movement. It describes Trotskyism as a defeated ideology and does not cite academic "
    'historians; its references are a forum post and Ludo Martens\' "Another View of Stalin".',
    "passage_count": 21,
    "citing_question_count": 23,
}

SOURCE_WIKIPEDIA = {
    "slug": "wikipedia",
    "title": "Stalinism",
    "publisher": "Wikipedia",
    "site": "Wikipedia",
    "display_name": "Wikipedia — Stalinism",
    "author": "Wikipedia contributors",
    "date_label": "Undated copy of the article",
    "published_on": None,
    "kind": "encyclopedia",
    "perspective_label": "General encyclopedia summarising historians",
    "perspective": "A general-audience encyclopedia article that summarises published historians and other "
    "writers, often setting their views side by side: historians of continuity between Lenin and "
    "Stalin, revisionist historians, Trotskyists, Maoists and others. It attributes contested "
    "judgements to named scholars, gives figures from the Soviet archives and from later "
    "estimates, and is written to a neutral-point-of-view policy.",
    "passage_count": 148,
    "citing_question_count": 135,
}

SOURCE_DETAIL = {
    **SOURCE_WIKIPEDIA,
    "text": (
        "Stalinism is the means of governing and Marxist–Leninist policies implemented in the Soviet "
        "Union (USSR) from 1927 to 1953 by Joseph Stalin. It included the creation of a one-party "
        "totalitarian police state, rapid industrialization, the theory of socialism in one country "
        "(until 1939), forced collectivization of agriculture, intensification of class conflict, a cult "
        "of personality, and subordination of the interests of foreign communist parties to those of the "
        "Communist Party of the Soviet Union, deemed by Stalinism to be the leading vanguard party of "
        "communist revolution at the time. After Stalin's death and the Khrushchev Thaw, a period of "
        "de-Stalinization began in the 1950s and 1960s, which caused the influence of Stalin's ideology "
        "to begin to wane in the USSR.\n"
        "Stalin's regime forcibly purged society of what it saw as threats to itself and its brand of "
        'communism (so-called "enemies of the people"), which included political dissidents, non-Soviet '
        'nationalists, the bourgeoisie, better-off peasants ("kulaks"), and those of the working class '
        'who demonstrated "counter-revolutionary" sympathies. This resulted in mass repression of such '
        "people and their families, including mass arrests, show trials, executions, and imprisonment in "
        "forced labour camps known as gulags. The most notorious examples were the Great Purge and the "
        "Dekulakization campaign. Stalinism was also marked by militant atheism, mass anti-religious "
        "persecution, and ethnic cleansing through forced deportations. However, there was a short era of "
        "reconciliation between the Orthodox Church and the state authorities in WW2. Some historians, "
        "such as Robert Service, have blamed Stalinist policies, particularly the collectivization "
        "policies, for causing famines such as the Holodomor. Other historians and scholars disagree on "
        "the role of Stalinism."
    ),
}

PASSAGE = {
    "id": 155,
    "source": "wikipedia",
    "anchor": "p-36",
    "number": 36,
    "text": "Many military leaders were convicted of treason, and a large-scale purge of Red Army officers "
    "followed. The repression of many formerly high-ranking revolutionaries and party members led "
    "Trotsky to claim that a \"river of blood\" separated Stalin's regime from Lenin's. In August 1940, "
    "Trotsky was assassinated in Mexico, where he had lived in exile since January 1937. This "
    "eliminated the last of Stalin's opponents among the former Party leadership.",
    "opening": "Many military leaders were convicted of treason, and a large-scale…",
    "is_furniture": False,
}

TOPIC = {
    "slug": "economy",
    "name": "Industrialisation and collectivisation",
    "description": "The Great Turn, the end of the NEP, the five-year plans, forced collectivisation and the kulaks.",
    "parent": None,
    "question_count": 18,
}

QUIZ = {
    "slug": "example-quiz",
    "title": "An example quiz",
    "description": "A made-up quiz showing how the API presents a quiz; it is not in the bank.",
    "is_practice": False,
    "layout": "one_per_page",
    "review_mode": "after_submission",
    "max_attempts": None,
    "time_limit_minutes": None,
    "pass_mark": 60,
    "opens_at": None,
    "closes_at": None,
    "question_count": 3,
    "pools": [],
}

EXAMPLE_SINGLE_CHOICE = {
    "id": "example-made-up-single-choice",
    "type": "single_choice",
    "prompt": NEW_QUESTION["prompt"],
    "options": [
        {"key": "c", "text": "Example option three"},
        {"key": "a", "text": "Example option one"},
        {"key": "b", "text": "Example option two"},
    ],
}

EXAMPLE_ORDERING_ITEMS = [
    {"key": "5d0c7e21a9b4", "text": "Example event B"},
    {"key": "e81f2a6c03d7", "text": "Example event D"},
    {"key": "3a9b44f0c1e2", "text": "Example event A"},
    {"key": "b7c2d9e8f015", "text": "Example event C"},
]

EXAMPLE_ORDERING_ANSWER = ["3a9b44f0c1e2", "5d0c7e21a9b4", "b7c2d9e8f015", "e81f2a6c03d7"]

EXAMPLE_ORDERING = {
    "id": "example-made-up-ordering",
    "type": "ordering",
    "prompt": "An example, not in the bank: put these made-up events in order, earliest first.",
    "items": EXAMPLE_ORDERING_ITEMS,
}

EXAMPLE_TRUE_FALSE = {
    "id": "example-made-up-true-false",
    "type": "true_false",
    "prompt": "True or false (an example, not in the bank): the Wikipedia article says this made-up statement.",
    "options": [{"key": "true", "text": "True"}, {"key": "false", "text": "False"}],
}

QUIZ_QUESTION_SINGLE_CHOICE = {
    "position": 1,
    "points": 1,
    "difficulty": 1,
    "topics": ["trotsky"],
    "question": EXAMPLE_SINGLE_CHOICE,
}

QUIZ_QUESTION_ORDERING = {
    "position": 2,
    "points": 1,
    "difficulty": 2,
    "topics": ["trotsky"],
    "question": EXAMPLE_ORDERING,
}

ATTEMPT_STARTED = {
    "id": 2,
    "quiz": "example-quiz",
    "student": "student",
    "number": 2,
    "status": "open",
    "started_at": "2026-11-24T16:40:08.221457Z",
    "deadline": None,
    "submitted_at": None,
    "score": None,
    "max_score": None,
    "percent": None,
    "passed": None,
}

ATTEMPT_SUBMITTED = {
    **ATTEMPT_STARTED,
    "id": 1,
    "number": 1,
    "status": "submitted",
    "started_at": "2026-11-24T14:02:17.348201Z",
    "submitted_at": "2026-11-24T14:11:30.664090Z",
    "score": "2.00",
    "max_score": "3.00",
    "percent": 66.7,
    "passed": True,
}

ATTEMPT_OPEN = {**ATTEMPT_STARTED, "id": 1, "number": 1, "started_at": "2026-11-24T14:02:17.348201Z"}

ATTEMPT_DETAIL = {
    **ATTEMPT_OPEN,
    "questions": [
        {
            "number": 1,
            "points": 1,
            "question": EXAMPLE_SINGLE_CHOICE,
            "version": 1,
            "answer": "a",
            "answered_at": "2026-11-24T14:03:05.912774Z",
            "checked_at": None,
        },
        {
            "number": 2,
            "points": 1,
            "question": EXAMPLE_ORDERING,
            "version": 1,
            "answer": None,
            "answered_at": None,
            "checked_at": None,
        },
    ],
}

SAVED_ANSWER = {
    "question": "example-made-up-single-choice",
    "answer": "a",
    "answered_at": "2026-11-24T14:03:05.912774Z",
}

EXAMPLE_QUOTE = {
    "source": "wikipedia",
    "source_title": "Stalinism",
    "source_name": "Wikipedia — Stalinism",
    "perspective_label": "General encyclopedia summarising historians",
    "passage": "p-36",
    "passage_opening": "An example paragraph's opening words, cut at a word…",
    "quote": EXAMPLE_CITATION["quote"],
}

EXAMPLE_ORDERING_REVIEW = {
    "answer": ["1. Example event A", "2. Example event B", "3. Example event C", "4. Example event D"],
    "explanation": "An example explanation: the made-up events in their made-up order.",
    "citations": [EXAMPLE_QUOTE],
    "disagreement_point": "",
    "disagreements": [],
}

ATTEMPT_RESULT = {
    **ATTEMPT_SUBMITTED,
    "review_allowed": True,
    "questions": [
        {
            "number": 1,
            "points": 1,
            "question": EXAMPLE_SINGLE_CHOICE,
            "answer": "b",
            "version": 1,
            "answered_at": "2026-11-24T14:03:05.912774Z",
            "checked_at": None,
            "credit": 1.0,
            "points_earned": "1.00",
            "review": {
                "answer": ["Example option two"],
                "explanation": NEW_QUESTION["explanation"],
                "citations": [EXAMPLE_QUOTE],
                "disagreement_point": "Example: a point two sources see differently",
                "disagreements": [
                    {**EXAMPLE_QUOTE, "claim": "An example claim of the encyclopedia."},
                    {
                        "source": "cwi",
                        "source_title": "Theory: 50 years since the death of Stalin",
                        "source_name": "Committee for a Workers' International (CWI) — Theory: 50 years since the "
                        "death of Stalin",
                        "perspective_label": "Trotskyist (Committee for a Workers' International)",
                        "passage": "p-26",
                        "passage_opening": "Another example paragraph's opening…",
                        "quote": "Stalin had to wipe away all traces of the ideals of the October "
                        "1917 revolution to consolidate the power of the bureaucracy.",
                        "claim": "An example claim of the CWI article.",
                    },
                ],
            },
        },
        {
            "number": 3,
            "points": 1,
            "question": EXAMPLE_TRUE_FALSE,
            "answer": "true",
            "version": 1,
            "answered_at": "2026-11-24T14:09:52.107365Z",
            "checked_at": None,
            "credit": 0.0,
            "points_earned": "0.00",
            "review": {
                "answer": ["False"],
                "explanation": "An example explanation: the article says no such thing.",
                "citations": [EXAMPLE_QUOTE],
                "disagreement_point": "",
                "disagreements": [],
            },
        },
    ],
}

PROGRESS = {
    "student": "student",
    "quizzes": [
        {
            "quiz": "example-quiz",
            "title": "An example quiz",
            "attempts_used": 1,
            "attempts_left": None,
            "best_percent": 66.7,
            "last_submitted_at": "2026-11-24T14:11:30.664090Z",
        },
    ],
    "topics": [
        {
            "slug": "economy",
            "name": "Industrialisation and collectivisation",
            "questions_total": 18,
            "questions_answered": 3,
            "coverage": 0.16666666666666666,
            "percent": 66.7,
            "level": "getting there",
        },
        {
            "slug": "trotsky",
            "name": "Trotsky's exile and murder",
            "questions_total": 33,
            "questions_answered": 2,
            "coverage": 0.06060606060606061,
            "percent": None,
            "level": "not enough answers yet",
        },
    ],
    "sources": [
        {
            "slug": "wikipedia",
            "name": "Stalinism — Wikipedia",
            "questions_total": 135,
            "questions_answered": 7,
            "coverage": 0.05185185185185185,
            "percent": 85.7,
            "level": "mastered",
        },
    ],
    "history": [
        {
            "attempt_id": 1,
            "quiz_title": "An example quiz",
            "number": 1,
            "submitted_at": "2026-11-24T14:11:30.664090Z",
            "percent": 66.7,
            "passed": True,
        }
    ],
}

BANK_QUESTION = {
    **NEW_QUESTION_STORED,
    "status": "published",
    "framing": "disagreement",
    "prompt": "An example, not in the bank: which made-up option do the encyclopedia and the CWI article "
    "see differently?",
    "disagreement_point": "Example: a point two sources see differently",
    "disagreements": [
        {**EXAMPLE_CITATION, "passage": "p-36", "claim": "An example claim of the encyclopedia."},
        {
            "source": "cwi",
            "passage": "p-26",
            "quote": "Stalin had to wipe away all traces of the ideals of the October 1917 "
            "revolution to consolidate the power of the bureaucracy.",
            "claim": "An example claim of the CWI article.",
        },
    ],
}

COURSE = {"slug": "history-10b", "title": "History 10B", "student_count": 1}

STUDENT = {"id": 2, "username": "student"}

INTEGRATION_KEY = {
    "prefix": "5fO6aBmt",
    "name": "Canvas",
    "scope": "write_results",
    "created": "2026-11-23T09:12:41.503918Z",
    "expiry_date": None,
    "revoked": False,
}

NEW_INTEGRATION_KEY = {**INTEGRATION_KEY, "key": "5fO6aBmt.pCJr0V5raf92k3VRSc88wt7PS9X7eVCZ"}

MISSING_ANSWER_ERROR = {
    "detail": "answer: This field is required.",
    "code": "invalid",
    "errors": {"answer": ["This field is required."]},
}

INVALID_ANSWER_ERROR = {"detail": "Choose one of the options: a, b, c.", "code": "invalid_answer"}

ATTEMPT_CLOSED_ERROR = {
    "detail": "This attempt has been submitted; it takes no more answers.",
    "code": "attempt_closed",
}

START_FOR_ANOTHER_ERROR = {"detail": "You can start attempts only for yourself.", "code": "permission_denied"}

READ_ONLY_KEY_ERROR = {
    "detail": "This integration key is read-only; a results-writing key is needed.",
    "code": "permission_denied",
}

NOT_FOUND_ERROR = {"detail": "No Attempt matches the given query.", "code": "not_found"}

NO_SUCH_KEY_ERROR = {"detail": "No IntegrationKey matches the given query.", "code": "not_found"}

QUOTE_NOT_FOUND_ERROR = {
    "detail": 'citations: citation 1: The quote is not in "Stalinism" (wikipedia). The closest text found in it is: '
    '"In August 1940, Trotsky was assassinated in Mexico,"',
    "code": "invalid",
    "errors": {
        "citations": [
            'citation 1: The quote is not in "Stalinism" (wikipedia). The closest text found in it is: '
            '"In August 1940, Trotsky was assassinated in Mexico,"'
        ]
    },
}


# Flashcards: the demo student's figures; the card is the made-up ordering question above --------------------

DECK_ALL = {
    "key": "all",
    "kind": "all",
    "title": "All cards",
    "card_count": 40,
    "due_count": 2,
    "new_count": 3,
    "locked_count": 182,
}

DECK_TOPIC = {
    "key": "topic:de-stalinization",
    "kind": "topic",
    "title": "De-Stalinization and the Secret Speech",
    "card_count": 4,
    "due_count": 1,
    "new_count": 3,
    "locked_count": 18,
}

CARD_QUEUE = {
    "deck": "quiz:example-quiz",
    "title": "An example quiz",
    "due_count": 0,
    "new_left_today": 3,
    "next_due": None,
    "withheld_count": 0,
    "cards": [
        {
            "card": 210,
            "is_new": True,
            "state": None,
            "front": {
                "prompt": EXAMPLE_ORDERING["prompt"],
                "type": "ordering",
                "question": EXAMPLE_ORDERING["id"],
                "items": EXAMPLE_ORDERING_ITEMS,
            },
            "back": EXAMPLE_ORDERING_REVIEW,
        }
    ],
}

NEW_REVIEW = {"review_id": "070eb921-3d2e-4293-b0cd-babb5fa4e547", "card": 210, "rating": "good", "duration_ms": 8400}

REVIEW_OUTCOME = {
    "review_id": "070eb921-3d2e-4293-b0cd-babb5fa4e547",
    "card": 210,
    "rating": "Good",
    "origin": "study",
    "reviewed_at": "2026-11-24T16:30:51.876214Z",
    "duration_ms": 8400,
    "state_before": None,
    "due_after": "2026-11-24T16:40:51.876214Z",
    "card_state": {
        "state": "Learning",
        "due": "2026-11-24T16:40:51.876214Z",
        "stability": 2.3065,
        "difficulty": 2.118103970459016,
        "reps": 1,
        "lapses": 0,
        "last_review": "2026-11-24T16:30:51.876214Z",
    },
}

REVIEW_LOG_ENTRY = {
    "review_id": "070eb921-3d2e-4293-b0cd-babb5fa4e547",
    "card": 210,
    "rating": "Good",
    "origin": "study",
    "reviewed_at": "2026-11-24T16:30:51.876214Z",
    "duration_ms": 8400,
    "state_before": None,
    "due_after": "2026-11-24T16:40:51.876214Z",
}

REVIEW_ID_REUSED_ERROR = {
    "detail": "Review id 070eb921-3d2e-4293-b0cd-babb5fa4e547 was already used to rate card 210 Good; send a new id"
    " for a new review.",
    "code": "review_id_reused",
}

CARD_STATS = {
    "student": "student",
    "retention": None,
    "review_count": 19,
    "reviews_per_day": [
        {"day": "2026-11-22", "reviews": 0, "retention": None},
        {"day": "2026-11-23", "reviews": 0, "retention": None},
        {"day": "2026-11-24", "reviews": 19, "retention": None},
    ],
    "cards_by_state": {"new": 204, "learning": 15, "review": 3, "relearning": 0},
    "forecast": [{"day": "2026-11-24", "due": 15}, {"day": "2026-11-25", "due": 1}, {"day": "2026-11-26", "due": 0}],
}

NEW_AUTHORED_CARD = {
    "front": "Where was Trotsky assassinated, and when?",
    "back": "In Mexico, in August 1940.",
    "topics": ["trotsky"],
    "citations": [{"source": "wikipedia", "quote": "In August 1940, Trotsky was assassinated in Mexico"}],
}

AUTHORED_CARD = {
    "id": 223,
    "front": "Where was Trotsky assassinated, and when?",
    "back": "In Mexico, in August 1940.",
    "topics": ["trotsky"],
    "is_published": True,
    "citations": [
        {"source": "wikipedia", "quote": "In August 1940, Trotsky was assassinated in Mexico", "passage": "p-36"}
    ],
}


# Attempt records: checking a question, regrading (a fictional question that is not in the bank) -------------

EXAMPLE_QUESTION_ID = "example-archive-opening-year"

CHECKED_QUESTION = {
    "number": 1,
    "points": 1,
    "question": {
        "id": EXAMPLE_QUESTION_ID,
        "type": "single_choice",
        "prompt": "According to the example source, in which year did the example archive open to readers?",
        "options": [{"key": "q7", "text": "1921"}, {"key": "m2", "text": "1958"}, {"key": "x4", "text": "1989"}],
    },
    "version": 2,
    "answer": "m2",
    "answered_at": "2026-11-24T14:03:05.912774Z",
    "checked_at": "2026-11-24T14:03:09.100000Z",
    "credit": 0.0,
    "points_earned": None,
    "review": {
        "answer": ["1989"],
        "explanation": "The example source dates the opening of the archive to 1989.",
        "citations": [
            {
                "source": "example-source",
                "source_title": "An example source",
                "source_name": "An example publisher — An example source",
                "perspective_label": "Example perspective",
                "passage": "p-3",
                "passage_opening": "The example archive's history…",
                "quote": "the archive opened its reading room in 1989",
            }
        ],
        "disagreement_point": "",
        "disagreements": [],
    },
}

NOTHING_TO_CHECK_ERROR = {"detail": "Save an answer to this question before checking it.", "code": "nothing_to_check"}

REGRADE_PREVIEW = {
    "quiz": "example-quiz",
    "dry_run": True,
    "questions": [EXAMPLE_QUESTION_ID],
    "attempts": [
        {
            "attempt": 7,
            "student": "example-student",
            "old_score": "3.00",
            "new_score": "4.00",
            "old_passed": False,
            "new_passed": True,
            "questions": [
                {
                    "position": 1,
                    "question": EXAMPLE_QUESTION_ID,
                    "old_version": 1,
                    "new_version": 2,
                    "old_credit": 0.0,
                    "new_credit": 1.0,
                    "old_points": "0.00",
                    "new_points": "1.00",
                }
            ],
        }
    ],
}
