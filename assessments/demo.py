"""Demo data owned by the assessments app (see lms/management/commands/seed_demo.py).

A pre-test and a post-test (the same ten questions) under the demo course and
a five-question quiz at the end of each of its modules, written in Harbour's
own words from the facts in shared/DOMAIN.md. Idempotent: a quiz that is
already there (found by its slug under its parent) is left as it is.
"""

from __future__ import annotations

from .models import QuizKind, QuizPage, ReviewPolicy


def _o(text: str, feedback: str, correct: bool = False) -> dict:
    return {"text": text, "correct": correct, "feedback": feedback}


def _single(prompt: str, options: list[dict], explanation: str, points: int = 1):
    return (
        "single_choice",
        {
            "prompt": prompt,
            "options": options,
            "points": points,
            "explanation": explanation,
        },
    )


def _multiple(prompt: str, options: list[dict], explanation: str, points: int = 2):
    return (
        "multiple_choice",
        {
            "prompt": prompt,
            "options": options,
            "points": points,
            "explanation": explanation,
        },
    )


def _tf(prompt: str, answer: bool, if_true: str, if_false: str, explanation: str):
    return (
        "true_false",
        {
            "prompt": prompt,
            "correct_answer": "true" if answer else "false",
            "feedback_if_true": if_true,
            "feedback_if_false": if_false,
            "points": 1,
            "explanation": explanation,
        },
    )


def pre_post_questions() -> list:
    """The ten questions shared by the pre-test and the post-test."""
    return [
        _single(
            "For an adult, which three elements must all be present for a "
            "situation to be trafficking in persons?",
            [
                _o(
                    "An act, a means and a purpose of exploitation",
                    "Yes. What was done to the person (recruiting, moving, "
                    "harbouring or receiving them), how it was done (force, "
                    "deception, abuse of vulnerability and the like) and why "
                    "(exploitation).",
                    True,
                ),
                _o(
                    "Crossing a border, a payment and false documents",
                    "None of these is an element. Trafficking need not cross a "
                    "border at all, and payments or false papers may or may not "
                    "be part of a case.",
                ),
                _o(
                    "Force, a debt and sexual exploitation",
                    "Force is one possible means among several, a debt is an "
                    "indicator, and sexual exploitation is one form of "
                    "exploitation among others such as forced labour.",
                ),
                _o(
                    "Recruitment, transport and arrival",
                    "These are all acts, which is only one of the three elements. "
                    "Without a means and a purpose of exploitation, moving a "
                    "person is not trafficking.",
                ),
            ],
            "The internationally agreed definition has three elements: the act, "
            "the means and the purpose. For adults, all three are needed.",
        ),
        _tf(
            "A 16-year-old recruited for exploitation is a victim of trafficking "
            "even if no threat, force or deception was used.",
            True,
            "Right. For anyone under 18, the act and the purpose are enough; no "
            "means need to be shown.",
            "For a child the means are not needed. Recruiting, moving or "
            "receiving a child for exploitation is trafficking on its own.",
            "Children cannot be expected to protect themselves from "
            "exploitation, so the definition drops the 'means' element for them.",
        ),
        _single(
            "Maria agreed to go abroad to work in a bar. On arrival her passport "
            "was taken and she was made to sell sex to repay a 'travel debt'. "
            "What does her earlier agreement change?",
            [
                _o(
                    "Nothing: her consent is irrelevant because she was deceived "
                    "and coerced",
                    "Correct. Where any of the means (here deception and "
                    "coercion) was used, a victim's consent does not count.",
                    True,
                ),
                _o(
                    "She is not a victim, because she agreed to travel",
                    "She agreed to a bar job, not to what happened. Consent "
                    "obtained by deception or followed by coercion is irrelevant.",
                ),
                _o(
                    "She is a victim only if she never agreed to anything",
                    "Many victims agree to something at first; traffickers rely on "
                    "that. What matters is how the exploitation was secured.",
                ),
                _o(
                    "It depends on whether she was paid something",
                    "A little money does not turn exploitation into work. Payment "
                    "is not part of the test.",
                ),
            ],
            "A victim's consent is irrelevant where any of the means was used.",
        ),
        _multiple(
            "Which of these describe migrant smuggling rather than trafficking?",
            [
                _o(
                    "It is a crime against a state's border",
                    "Yes: smuggling protects borders; trafficking is a crime "
                    "against a person.",
                    True,
                ),
                _o(
                    "It always involves crossing an international border",
                    "Yes: smuggling is by nature transnational.",
                    True,
                ),
                _o(
                    "It usually ends when the migrant arrives",
                    "Yes: the smuggler's service ends on arrival, with the "
                    "migrant's consent.",
                    True,
                ),
                _o(
                    "It continues through the exploitation of the person",
                    "No: ongoing exploitation is the mark of trafficking.",
                ),
                _o(
                    "It can happen entirely inside one country",
                    "No: that describes trafficking, which need not cross any border.",
                ),
            ],
            "A smuggled migrant can become a victim of trafficking when the "
            "journey turns into exploitation; the two can overlap, so ask.",
        ),
        _multiple(
            "Which of these are general indicators that a person may be a "
            "victim of trafficking?",
            [
                _o(
                    "Someone else holds their identity documents",
                    "Yes: keeping a person's papers is a common way of "
                    "controlling them.",
                    True,
                ),
                _o(
                    "They owe a debt they can never seem to pay off",
                    "Yes: debt bondage keeps people working.",
                    True,
                ),
                _o(
                    "Someone else speaks for them",
                    "Yes: a companion who answers every question may be "
                    "controlling the person.",
                    True,
                ),
                _o(
                    "They work in agriculture",
                    "No: a sector is not an indicator. Most farm workers are not "
                    "trafficked; look at how the person is treated.",
                ),
            ],
            "Indicators point to a need for a careful conversation and a "
            "referral, not to a conclusion.",
        ),
        _tf(
            "One indicator on its own, such as very long working hours, is "
            "enough to conclude that someone is a victim of trafficking.",
            False,
            "No single indicator proves trafficking. Several together call for "
            "a careful conversation and a referral.",
            "Right. Indicators are signs to look into together, not proof on "
            "their own.",
            "Treat indicators as reasons to ask and to refer, never as a verdict.",
        ),
        _single(
            "You meet someone who may be a victim. What comes first?",
            [
                _o(
                    "Their safety: do no harm, even if it means gathering less "
                    "information",
                    "Yes. Every step is weighed against the risk it creates for "
                    "the person, their family and your staff.",
                    True,
                ),
                _o(
                    "A full statement for the police, as fast as possible",
                    "Pushing for a statement can retraumatise the person and put "
                    "them at risk. Safety and consent come first.",
                ),
                _o(
                    "Calling their family to check the story",
                    "Contacting family without consent can alert the traffickers "
                    "and endanger relatives.",
                ),
                _o(
                    "Confronting the suspected employer",
                    "Confronting the employer can put the person in danger; "
                    "leave it to the agency responsible, through the referral "
                    "procedure.",
                ),
            ],
            "Do no harm is the first principle of direct assistance.",
        ),
        _tf(
            "A victim should get shelter and medical care only if they agree to "
            "cooperate with the police.",
            False,
            "Assistance is never conditional on cooperation with the police.",
            "Right. Help is given because the person needs it; cooperating with "
            "an investigation is their own choice.",
            "Making help conditional pushes people away from services and "
            "violates their rights.",
        ),
        _multiple(
            "Which of these are parts of a national referral mechanism?",
            [
                _o(
                    "Named focal points in each agency",
                    "Yes: everyone knows whom to call.",
                    True,
                ),
                _o(
                    "Standard operating procedures for who does what",
                    "Yes: from first contact to long-term support.",
                    True,
                ),
                _o(
                    "Written agreements between the agencies",
                    "Yes: memoranda of understanding make roles hold when people "
                    "change.",
                    True,
                ),
                _o(
                    "A referral form that shares, with consent, only what is needed",
                    "Yes: it protects the person's privacy.",
                    True,
                ),
                _o(
                    "One agency that handles every case by itself",
                    "No: no single agency can meet all of a victim's needs; the "
                    "mechanism exists so that they work together.",
                ),
            ],
            "A referral mechanism also keeps a directory of services and meets "
            "regularly to review cases and the network itself.",
        ),
        _single(
            "An interview is needed. Which approach respects informed consent?",
            [
                _o(
                    "Explain, in a language the person understands, what will "
                    "happen and that they may say no",
                    "Yes: consent only counts when the person understands and is "
                    "free to refuse.",
                    True,
                ),
                _o(
                    "Ask them to sign a form in English quickly",
                    "A signature on a form they cannot read is not informed consent.",
                ),
                _o(
                    "Let the employer interpret",
                    "The employer may be the exploiter. Use an independent "
                    "interpreter.",
                ),
                _o(
                    "Assume consent, since they came to the office",
                    "Coming to an office is not consent to everything that "
                    "follows; ask at every step.",
                ),
            ],
            "Informed consent is asked at every step, in a language the person "
            "understands.",
        ),
    ]


def module_questions() -> list[list]:
    """Five questions for each of the demo course's three modules, in order."""
    identify = [
        (
            "scenario",
            {
                "case": (
                    "During a labour inspection on a farm you meet Ravi, 24. His "
                    "employer answers every question for him. Ravi sleeps in a "
                    "shed on the farm and does not know its address. He says the "
                    "employer keeps his passport 'for safety' until he has paid "
                    "back the cost of his flight."
                ),
                "questions": [
                    _multiple(
                        "Which indicators do you see?",
                        [
                            _o(
                                "The employer holds his passport",
                                "Yes: control of documents.",
                                True,
                            ),
                            _o(
                                "A debt for his flight",
                                "Yes: a debt used to keep him working.",
                                True,
                            ),
                            _o(
                                "The employer speaks for him",
                                "Yes: someone else answers for the person.",
                                True,
                            ),
                            _o(
                                "He lives where he works and does not know the address",
                                "Yes: isolation makes leaving hard.",
                                True,
                            ),
                            _o(
                                "He is 24 years old",
                                "No: his age is not an indicator. Adults can be "
                                "victims; for them the means must be present.",
                            ),
                        ],
                        "Together these indicators call for a private "
                        "conversation and a referral.",
                    ),
                    _single(
                        "What is the best next step?",
                        [
                            _o(
                                "Find a way to talk with Ravi alone, with an "
                                "independent interpreter if needed, and refer him "
                                "through your agency's procedure",
                                "Yes: a safe, private conversation and a referral.",
                                True,
                            ),
                            _o(
                                "Arrest the employer on the spot",
                                "An inspector rarely has that power, and acting "
                                "alone can put Ravi at risk. Refer, through the "
                                "procedure.",
                            ),
                            _o(
                                "Tell Ravi he is a trafficking victim and must "
                                "leave now",
                                "Decisions are Ravi's, made with information and "
                                "support, not under pressure.",
                            ),
                            _o(
                                "Nothing: he came to the country voluntarily",
                                "Consent to travel does not cover exploitation "
                                "secured by debt and confiscated papers.",
                            ),
                        ],
                        "Identification leads to a referral, not to a verdict.",
                    ),
                ],
            },
        ),
        _tf(
            "Trafficking always involves moving a person across an international "
            "border.",
            False,
            "Trafficking need not cross any border; people are trafficked "
            "within their own country too.",
            "Right. Crossing a border is part of smuggling, not a requirement "
            "of trafficking.",
            "The act can be recruitment, harbouring or receipt as well as transport.",
        ),
        _single(
            "Which of these is a 'means' in the definition of trafficking?",
            [
                _o(
                    "Abuse of a position of vulnerability",
                    "Yes: the means are how the trafficker gets control.",
                    True,
                ),
                _o("Harbouring", "Harbouring is an act, not a means."),
                _o("Forced labour", "Forced labour is a purpose (exploitation)."),
                _o("Recruitment", "Recruitment is an act, not a means."),
            ],
            "Means: threat or use of force, coercion, abduction, fraud, "
            "deception, abuse of power or of vulnerability, or payments to a "
            "person in control of the victim.",
        ),
        _tf(
            "Men and boys can be victims of trafficking.",
            True,
            "Yes. Victims are men, women, boys and girls; forced labour in the "
            "region has affected many men.",
            "Men and boys can be and are trafficked, for forced labour and for "
            "sexual exploitation among others.",
            "Expecting only women victims makes men and boys invisible.",
        ),
    ]
    assist = [
        _single(
            "A risk assessment before you act covers whom?",
            [
                _o(
                    "The person, their family and the staff helping them",
                    "Yes: traffickers may threaten any of them.",
                    True,
                ),
                _o("Only the person", "Family members and staff can be at risk too."),
                _o("Only your own staff", "The person's own safety comes first."),
                _o(
                    "Only the family back home",
                    "The person in front of you and your staff also need protecting.",
                ),
            ],
            "Safety first means thinking about everyone an action could expose.",
        ),
        _multiple(
            "Which of these are services of direct assistance?",
            [
                _o("Safe accommodation", "Yes.", True),
                _o("Medical care", "Yes.", True),
                _o("Psychosocial support", "Yes.", True),
                _o("Legal counselling and representation", "Yes.", True),
                _o(
                    "Removal from the country straight away",
                    "No: return is an option only where the person chooses it, "
                    "voluntarily and safely.",
                ),
            ],
            "Interpretation, a reflection and recovery period and help with "
            "immigration status belong here too.",
        ),
        _tf(
            "A reflection and recovery period gives a person time to recover and "
            "decide what to do before anything is asked of them.",
            True,
            "Yes: time to rest, receive care and make informed choices.",
            "That is exactly its purpose: recovery first, decisions later.",
            "Decisions made in crisis are rarely free; the period protects "
            "informed consent.",
        ),
        _single(
            "A 15-year-old is found travelling alone. What guides every decision "
            "about them?",
            [
                _o(
                    "The best interests of the child",
                    "Yes: every step is weighed against what is best for the child.",
                    True,
                ),
                _o(
                    "The speed of the investigation",
                    "The investigation matters, but never before the child's "
                    "interests.",
                ),
                _o(
                    "What the adult accompanying them wants",
                    "That adult may be the trafficker. The child's interests decide.",
                ),
                _o(
                    "The cost of the services",
                    "Cost does not decide a child's protection.",
                ),
            ],
            "The best interests of the child is a principle of direct assistance.",
        ),
        _tf(
            "Information about a victim may be shared with any agency that asks, "
            "as long as it helps the case.",
            False,
            "No: share only what is needed, with the person's informed consent.",
            "Right: confidentiality and privacy protect the person and their family.",
            "Careless sharing can reach the traffickers and endanger the person.",
        ),
    ]
    refer = [
        _single(
            "What is a national referral mechanism?",
            [
                _o(
                    "A framework through which state agencies, with civil "
                    "society, protect and promote the rights of trafficked people",
                    "Yes: a cooperative framework, with the state meeting its "
                    "duty in partnership with civil society.",
                    True,
                ),
                _o(
                    "A police database of suspected traffickers",
                    "That may exist, but the mechanism is about protecting "
                    "victims through cooperation.",
                ),
                _o(
                    "A hotline run by one NGO",
                    "A hotline can be a way in, but the mechanism joins many agencies.",
                ),
                _o(
                    "The law that defines trafficking",
                    "The law defines the crime; the mechanism organises the "
                    "response to victims.",
                ),
            ],
            "It turns many agencies into one network around the person.",
        ),
        _multiple(
            "Who typically takes part in a referral network?",
            [
                _o("Police and immigration", "Yes.", True),
                _o("Labour inspection", "Yes.", True),
                _o("Shelters and NGOs", "Yes.", True),
                _o("Health services", "Yes.", True),
                _o(
                    "The person's employer",
                    "No: the employer may be the exploiter and has no place in "
                    "the network.",
                ),
            ],
            "Prosecutors, social services, faith-based groups, consulates and "
            "international organisations take part too.",
        ),
        _tf(
            "A memorandum of understanding sets out in writing what each agency "
            "agrees to do.",
            True,
            "Yes: written agreements keep roles clear when staff change.",
            "It does: that is what makes cooperation last beyond individuals.",
            "Written agreements between agencies are a part of the mechanism.",
        ),
        _single(
            "A shelter refers a woman to a clinic. What should the referral form "
            "share?",
            [
                _o(
                    "Only what the clinic needs, with her consent",
                    "Yes: the minimum needed, with informed consent.",
                    True,
                ),
                _o(
                    "Her whole case file",
                    "The clinic does not need her whole story; oversharing puts "
                    "her privacy at risk.",
                ),
                _o(
                    "Everything, since agencies need no consent between them",
                    "Consent is needed at every step, including between partners.",
                ),
                _o(
                    "Nothing in writing, ever",
                    "A written referral avoids mistakes; it just shares the minimum.",
                ),
            ],
            "A consent-based referral shares only the information needed.",
        ),
        _tf(
            "Once a referral mechanism is set up, its members no longer need to meet.",
            False,
            "Networks need regular meetings to review cases and the network itself.",
            "Right: regular meetings keep contacts current and fix what does not work.",
            "A directory goes out of date and procedures drift without review.",
        ),
    ]
    return [identify, assist, refer]


INSTRUCTIONS_PRE = (
    "<p>This short test shows what you know before the training. It does not "
    "count towards your certificate, and nobody expects you to know everything. "
    "Answer on your own. You will take the same test at the end, so you can see "
    "how much you learned.</p>"
)
INSTRUCTIONS_POST = (
    "<p>The same ten questions as the pre-test. You have two attempts; the best "
    "one counts. After you pass, or after your last attempt, you can see the "
    "correct answers and why.</p>"
)
INSTRUCTIONS_MODULE = (
    "<p>Five questions on this module. You can try as often as you like; "
    "passing (80%) completes the module. After each attempt you see which "
    "answers were right and why.</p>"
)


def _ensure_quiz(parent, *, slug: str, position: str | None = None, **fields) -> bool:
    """Create and publish the quiz under parent unless it is already there."""
    if QuizPage.objects.child_of(parent).filter(slug=slug).exists():
        return False
    quiz = QuizPage(slug=slug, **fields)
    parent.add_child(instance=quiz)
    quiz.save_revision().publish()
    if position == "first":
        first = parent.get_first_child()
        if first is not None and first.pk != quiz.pk:
            quiz.move(first, pos="left")
    return True


def seed() -> dict:
    """Seed the demo course's pre-test, post-test and module quizzes; idempotent."""
    from courses.models import CoursePage, ModulePage

    try:
        from courses.demo import DEMO_COURSE_SLUG
    except ImportError:
        return {}
    course = CoursePage.objects.filter(slug=DEMO_COURSE_SLUG).first()
    if course is None:
        return {}
    _ensure_quiz(
        course,
        slug="pre-test",
        position="first",
        title="Pre-test: what do you know already?",
        kind=QuizKind.PRE_TEST,
        instructions=INSTRUCTIONS_PRE,
        pass_mark=70,
        max_attempts=1,
        time_limit_minutes=20,
        shuffle_options=True,
        show_answers=ReviewPolicy.NEVER,
        questions=pre_post_questions(),
    )
    modules = list(ModulePage.objects.child_of(course).order_by("path"))
    for module, questions in zip(modules, module_questions(), strict=False):
        _ensure_quiz(
            module,
            slug=f"{module.slug}-quiz",
            title=f"Quiz: {module.title}",
            kind=QuizKind.MODULE_QUIZ,
            instructions=INSTRUCTIONS_MODULE,
            pass_mark=80,
            max_attempts=0,
            shuffle_options=True,
            show_answers=ReviewPolicy.AFTER_EACH,
            questions=questions,
        )
    _ensure_quiz(
        course,
        slug="post-test",
        title="Post-test: what have you learned?",
        kind=QuizKind.POST_TEST,
        instructions=INSTRUCTIONS_POST,
        pass_mark=70,
        max_attempts=2,
        time_limit_minutes=20,
        shuffle_questions=True,
        shuffle_options=True,
        show_answers=ReviewPolicy.AFTER_LAST_OR_PASS,
        questions=pre_post_questions(),
    )
    return {
        "lines": [
            "Quizzes: a pre-test and a post-test (10 questions each) and a "
            f"5-question quiz in each of {min(len(modules), 3)} modules."
        ]
    }
