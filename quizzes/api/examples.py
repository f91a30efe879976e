"""Example bodies of the API's documentation, taken from real responses on the shipped sources and bank.

Lists are trimmed to one or two items, and the source's text to its first paragraphs; drf-spectacular wraps a
list view's example in the paginated envelope itself.
"""

# A new question for the bank (its id is not in the shipped bank); the quote is verbatim in the article.
NEW_QUESTION = {
    "id": "trotsky-murder-place",
    "type": "single_choice",
    "status": "draft",
    "framing": "attributed",
    "difficulty": 1,
    "topics": ["trotsky"],
    "prompt": "According to the Wikipedia article, where was Trotsky assassinated?",
    "choices": [{"key": "a", "text": "In Norway"}, {"key": "b", "text": "In Mexico"}],
    "answer": "b",
    "explanation": "The article says he was assassinated in Mexico in August 1940.",
    "citations": [{"source": "wikipedia", "quote": "In August 1940, Trotsky was assassinated in Mexico"}],
    "disagreement_point": "",
    "disagreements": [],
}

NEW_QUESTION_STORED = {
    **NEW_QUESTION,
    "citations": [
        {"source": "wikipedia", "passage": "p-36", "quote": "In August 1940, Trotsky was assassinated in Mexico"}
    ],
}

SOURCE_REVOLUPEDIA = {
    "slug": "revolupedia",
    "title": "Anti-Stalinism",
    "publisher": "Revolupedia (wiki)",
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
}

TOPIC = {
    "slug": "repression",
    "name": "Purges, terror, trials and the gulag",
    "description": "The Great Purge and Great Terror, the Moscow Trials, executions, deportations and gulag figures.",
    "parent": None,
    "question_count": 42,
}

QUIZ = {
    "slug": "first-look",
    "title": "A first look: who says what about Stalin",
    "description": "A short tour of the five sources and of the points where they part ways: Stalin's death, "
    "his war, the famine and his relation to Lenin.",
    "layout": "one_per_page",
    "review_mode": "after_submission",
    "max_attempts": None,
    "time_limit_minutes": None,
    "pass_mark": 60,
    "opens_at": None,
    "closes_at": None,
    "question_count": 13,
    "pools": [],
}

QUIZ_QUESTION_SINGLE_CHOICE = {
    "position": 2,
    "points": 1,
    "difficulty": 1,
    "topics": ["leninism", "perspectives"],
    "question": {
        "id": "leninism-who-says-anti-stalinism-is-anti-leninism",
        "type": "single_choice",
        "prompt": 'Which source claims that "Anti-Stalinism is, by default, anti-Leninism"?',
        "options": [
            {"key": "a", "text": 'The Revolupedia article "Anti-Stalinism"'},
            {"key": "b", "text": 'The IMT page "Stalinism"'},
            {"key": "c", "text": 'The CWI article "Theory: 50 years since the death of Stalin"'},
            {"key": "d", "text": 'The Wikipedia article "Stalinism"'},
        ],
    },
}

QUIZ_QUESTION_ORDERING = {
    "position": 8,
    "points": 1,
    "difficulty": 3,
    "topics": ["de-stalinization", "repression", "rise-to-power", "war", "trotsky"],
    "question": {
        "id": "chronology-stalin-era-milestones",
        "type": "ordering",
        "prompt": "Put these events in the order in which they happened, earliest first.",
        "items": [
            {"key": "be427bb12c62", "text": "Trotsky is assassinated in Mexico"},
            {"key": "bb983037a7ba", "text": "Stalin becomes General Secretary of the Central Committee"},
            {"key": "ac77b8c0eb60", "text": 'Stalin first develops the idea of "Socialism in One Country"'},
            {"key": "ec307df3c7c3", "text": "Stalin signs a non-aggression pact with Hitler"},
            {"key": "444549779b60", "text": "The Great Terror begins"},
            {"key": "7f2e01356b65", "text": 'Khrushchev delivers his "Secret Speech"'},
        ],
    },
}

ATTEMPT_STARTED = {
    "id": 2,
    "quiz": "first-look",
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
    "id": 1,
    "quiz": "first-look",
    "student": "student",
    "number": 1,
    "status": "submitted",
    "started_at": "2026-11-24T14:02:17.348201Z",
    "deadline": None,
    "submitted_at": "2026-11-24T14:11:30.664090Z",
    "score": "11.00",
    "max_score": "13.00",
    "percent": 84.6,
    "passed": True,
}

ATTEMPT_OPEN = {
    "id": 1,
    "quiz": "first-look",
    "student": "student",
    "number": 1,
    "status": "open",
    "started_at": "2026-11-24T14:02:17.348201Z",
    "deadline": None,
    "submitted_at": None,
    "score": None,
    "max_score": None,
    "percent": None,
    "passed": None,
}

ATTEMPT_DETAIL = {
    **ATTEMPT_OPEN,
    "questions": [
        {
            "number": 2,
            "points": 1,
            "question": QUIZ_QUESTION_SINGLE_CHOICE["question"],
            "version": 1,
            "answer": "a",
            "answered_at": "2026-11-24T14:03:05.912774Z",
            "checked_at": None,
        },
        {
            "number": 13,
            "points": 1,
            "question": {
                "id": "interpretations-mao-seventy-thirty",
                "type": "short_answer",
                "prompt": 'According to the Wikipedia article, who "famously declared that Stalin was 70% '
                'good and 30% bad"?',
            },
            "version": 1,
            "answer": None,
            "answered_at": None,
            "checked_at": None,
        },
    ],
}

SAVED_ANSWER = {
    "question": "leninism-who-says-anti-stalinism-is-anti-leninism",
    "answer": "a",
    "answered_at": "2026-11-24T14:03:05.912774Z",
}

ATTEMPT_RESULT = {
    **ATTEMPT_SUBMITTED,
    "review_allowed": True,
    "questions": [
        {
            "number": 2,
            "points": 1,
            "question": QUIZ_QUESTION_SINGLE_CHOICE["question"],
            "version": 1,
            "answer": "a",
            "answered_at": "2026-11-24T14:03:05.912774Z",
            "checked_at": None,
            "credit": 1.0,
            "points_earned": "1.00",
            "review": {
                "answer": ['The Revolupedia article "Anti-Stalinism"'],
                "explanation": "The Revolupedia article, written from a Marxist–Leninist standpoint, says that "
                "attacking Stalin was enough to bring down Lenin's legacy. The two Trotskyist "
                "sources argue the opposite: the IMT page rejects the picture of Stalinism as "
                '"the inevitable outcome of Lenin\'s ideas", and the CWI article calls Stalinism '
                "a counter-revolution. The Wikipedia article sets out historians on both sides "
                "rather than taking one.",
                "citations": [
                    {
                        "source": "revolupedia",
                        "source_title": "Anti-Stalinism",
                        "perspective_label": "Marxist–Leninist (anti-revisionist) wiki",
                        "passage": "p-14",
                        "quote": "Anti-Stalinism is, by default, anti-Leninism.",
                    }
                ],
                "disagreement_point": "Is Stalinism a continuation of Leninism?",
                "disagreements": [
                    {
                        "source": "revolupedia",
                        "source_title": "Anti-Stalinism",
                        "perspective_label": "Marxist–Leninist (anti-revisionist) wiki",
                        "passage": "p-14",
                        "quote": "Anti-Stalinism is, by default, anti-Leninism.",
                        "claim": "Opposing Stalin amounts to opposing Lenin.",
                    },
                    {
                        "source": "imt",
                        "source_title": "Stalinism",
                        "perspective_label": "Trotskyist (International Marxist Tendency)",
                        "passage": "p-5",
                        "quote": "bourgeois historians who attempt to depict Stalinism as the "
                        "inevitable outcome of Lenin’s ideas",
                        "claim": "Stalinism was not the inevitable outcome of Lenin's ideas; saying "
                        "so is a distortion.",
                    },
                    {
                        "source": "cwi",
                        "source_title": "Theory: 50 years since the death of Stalin",
                        "perspective_label": "Trotskyist (Committee for a Workers' International)",
                        "passage": "p-26",
                        "quote": "Stalin had to wipe away all traces of the ideals of the October "
                        "1917 revolution to consolidate the power of the bureaucracy.",
                        "claim": "Stalinism had to wipe out the ideals of the revolution Lenin led.",
                    },
                    {
                        "source": "starr",
                        "source_title": "Stalinism doesn't equal socialism (untitled column; title "
                        "taken from its thesis)",
                        "perspective_label": "Democratic-socialist opinion piece",
                        "passage": "p-6",
                        "quote": "Stalinism, however, doesn’t equal socialism. The former was a "
                        "deformity, a perverse model.",
                        "claim": "Stalinism was a deformity, not the socialism it claimed to be.",
                    },
                    {
                        "source": "wikipedia",
                        "source_title": "Stalinism",
                        "perspective_label": "General encyclopedia summarising historians",
                        "passage": "p-59",
                        "quote": "Some historians, such as Richard Pipes, consider Stalinism the "
                        "natural consequence of Leninism",
                        "claim": "Historians such as Richard Pipes see Stalinism as the natural "
                        "consequence of Leninism.",
                    },
                    {
                        "source": "wikipedia",
                        "source_title": "Stalinism",
                        "perspective_label": "General encyclopedia summarising historians",
                        "passage": "p-62",
                        "quote": "in so many ways, Stalin acted, not in line with Lenin's clear "
                        "instructions, but in defiance of them.",
                        "claim": "Historians such as Roy Medvedev argue that Stalin acted in defiance of Lenin.",
                    },
                ],
            },
        },
        {
            "number": 12,
            "points": 1,
            "question": {
                "id": "repression-proscription-lists",
                "type": "true_false",
                "prompt": "True or false: according to the Wikipedia article, Stalin personally signed 357 "
                "proscription lists in 1937 and 1938.",
                "options": [{"key": "true", "text": "True"}, {"key": "false", "text": "False"}],
            },
            "version": 1,
            "answer": "false",
            "answered_at": "2026-11-24T14:09:52.107365Z",
            "checked_at": None,
            "credit": 0.0,
            "points_earned": "0.00",
            "review": {
                "answer": ["True"],
                "explanation": 'True. The Wikipedia article says that Stalin "personally signed 357 '
                "proscription lists in 1937 and 1938 that condemned 40,000 people to execution, "
                'about 90% of whom are confirmed to have been shot".',
                "citations": [
                    {
                        "source": "wikipedia",
                        "source_title": "Stalinism",
                        "perspective_label": "General encyclopedia summarising historians",
                        "passage": "p-40",
                        "quote": "Stalin personally signed 357 proscription lists in 1937 and 1938 that "
                        "condemned 40,000 people to execution, about 90% of whom are confirmed "
                        "to have been shot.",
                    }
                ],
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
            "quiz": "first-look",
            "title": "A first look: who says what about Stalin",
            "attempts_used": 2,
            "attempts_left": None,
            "best_percent": 84.6,
            "last_submitted_at": "2026-11-24T14:11:30.664090Z",
        },
        {
            "quiz": "destalinization-memory-and-the-word",
            "title": 'De-Stalinization, memory and the word "Stalinism"',
            "attempts_used": 0,
            "attempts_left": None,
            "best_percent": None,
            "last_submitted_at": None,
        },
    ],
    "topics": [
        {
            "slug": "repression",
            "name": "Purges, terror, trials and the gulag",
            "questions_total": 42,
            "questions_answered": 3,
            "coverage": 0.07142857142857142,
            "percent": 66.7,
            "level": "getting there",
        },
        {
            "slug": "trotsky",
            "name": "Trotsky's exile and murder",
            "questions_total": 33,
            "questions_answered": 3,
            "coverage": 0.09090909090909091,
            "percent": 100.0,
            "level": "mastered",
        },
    ],
    "sources": [
        {
            "slug": "cwi",
            "name": "Theory: 50 years since the death of Stalin",
            "questions_total": 63,
            "questions_answered": 5,
            "coverage": 0.07936507936507936,
            "percent": 100.0,
            "level": "mastered",
        },
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
            "quiz_title": "A first look: who says what about Stalin",
            "number": 1,
            "submitted_at": "2026-11-24T14:11:30.664090Z",
            "percent": 84.6,
            "passed": True,
        }
    ],
}

BANK_QUESTION = {
    "id": "leninism-who-says-anti-stalinism-is-anti-leninism",
    "type": "single_choice",
    "status": "published",
    "framing": "disagreement",
    "difficulty": 1,
    "topics": ["leninism", "perspectives"],
    "prompt": 'Which source claims that "Anti-Stalinism is, by default, anti-Leninism"?',
    "choices": [
        {"key": "a", "text": 'The Revolupedia article "Anti-Stalinism"'},
        {"key": "b", "text": 'The IMT page "Stalinism"'},
        {"key": "c", "text": 'The CWI article "Theory: 50 years since the death of Stalin"'},
        {"key": "d", "text": 'The Wikipedia article "Stalinism"'},
    ],
    "answer": "a",
    "explanation": "The Revolupedia article, written from a Marxist–Leninist standpoint, says that attacking "
    "Stalin was enough to bring down Lenin's legacy. The two Trotskyist sources argue the "
    'opposite: the IMT page rejects the picture of Stalinism as "the inevitable outcome of '
    "Lenin's ideas\", and the CWI article calls Stalinism a counter-revolution. The Wikipedia "
    "article sets out historians on both sides rather than taking one.",
    "citations": [
        {"source": "revolupedia", "passage": "p-14", "quote": "Anti-Stalinism is, by default, anti-Leninism."}
    ],
    "disagreement_point": "Is Stalinism a continuation of Leninism?",
    "disagreements": [
        {
            "source": "revolupedia",
            "passage": "p-14",
            "quote": "Anti-Stalinism is, by default, anti-Leninism.",
            "claim": "Opposing Stalin amounts to opposing Lenin.",
        },
        {
            "source": "imt",
            "passage": "p-5",
            "quote": "bourgeois historians who attempt to depict Stalinism as the inevitable outcome of Lenin’s ideas",
            "claim": "Stalinism was not the inevitable outcome of Lenin's ideas; saying so is a distortion.",
        },
        {
            "source": "cwi",
            "passage": "p-26",
            "quote": "Stalin had to wipe away all traces of the ideals of the October 1917 "
            "revolution to consolidate the power of the bureaucracy.",
            "claim": "Stalinism had to wipe out the ideals of the revolution Lenin led.",
        },
        {
            "source": "starr",
            "passage": "p-6",
            "quote": "Stalinism, however, doesn’t equal socialism. The former was a deformity, a perverse model.",
            "claim": "Stalinism was a deformity, not the socialism it claimed to be.",
        },
        {
            "source": "wikipedia",
            "passage": "p-59",
            "quote": "Some historians, such as Richard Pipes, consider Stalinism the natural consequence of Leninism",
            "claim": "Historians such as Richard Pipes see Stalinism as the natural consequence of Leninism.",
        },
        {
            "source": "wikipedia",
            "passage": "p-62",
            "quote": "in so many ways, Stalin acted, not in line with Lenin's clear instructions, "
            "but in defiance of them.",
            "claim": "Historians such as Roy Medvedev argue that Stalin acted in defiance of Lenin.",
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

INVALID_ANSWER_ERROR = {"detail": "Choose one of the options: a, b, c, d.", "code": "invalid_answer"}

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


# Flashcards (real responses for the demo student and teacher on the shipped bank) ------------------------

DECK_ALL = {"key": "all", "kind": "all", "title": "All cards", "card_count": 222, "due_count": 2, "new_count": 3}

DECK_TOPIC = {
    "key": "topic:de-stalinization",
    "kind": "topic",
    "title": "De-Stalinization and the Secret Speech",
    "card_count": 22,
    "due_count": 1,
    "new_count": 3,
}

CARD_QUEUE = {
    "deck": "quiz:first-look",
    "title": "A first look: who says what about Stalin",
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
                "prompt": "Put these events in the order in which they happened, earliest first.",
                "type": "ordering",
                "question": "chronology-stalin-era-milestones",
                "items": [
                    {"key": "be427bb12c62", "text": "Trotsky is assassinated in Mexico"},
                    {"key": "bb983037a7ba", "text": "Stalin becomes General Secretary of the Central Committee"},
                    {"key": "ac77b8c0eb60", "text": 'Stalin first develops the idea of "Socialism in One Country"'},
                    {"key": "ec307df3c7c3", "text": "Stalin signs a non-aggression pact with Hitler"},
                    {"key": "444549779b60", "text": "The Great Terror begins"},
                    {"key": "7f2e01356b65", "text": 'Khrushchev delivers his "Secret Speech"'},
                ],
            },
            "back": {
                "answer": [
                    "1. Stalin becomes General Secretary of the Central Committee",
                    '2. Stalin first develops the idea of "Socialism in One Country"',
                    "3. The Great Terror begins",
                    "4. Stalin signs a non-aggression pact with Hitler",
                    "5. Trotsky is assassinated in Mexico",
                    '6. Khrushchev delivers his "Secret Speech"',
                ],
                "explanation": (
                    "Stalin was General Secretary from 3 April 1922 and first developed "
                    '"Socialism in One Country" in December 1924. The Great Terror ran from September 1936 '
                    "to December 1938. The pact with Hitler was signed in August 1939, Trotsky was "
                    "assassinated in August 1940, and Khrushchev's Secret Speech was delivered in 1956."
                ),
                "citations": [
                    {
                        "source": "wikipedia",
                        "source_title": "Stalinism",
                        "perspective_label": "General encyclopedia summarising historians",
                        "passage": "p-5",
                        "quote": "from 3 April 1922 to his death on 5 March 1953",
                    },
                    {
                        "source": "wikipedia",
                        "source_title": "Stalinism",
                        "perspective_label": "General encyclopedia summarising historians",
                        "passage": "p-5",
                        "quote": "He first developed the idea in December 1924",
                    },
                ],
                "disagreement_point": "",
                "disagreements": [],
            },
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
                "perspective_label": "Example perspective",
                "passage": "p-3",
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
