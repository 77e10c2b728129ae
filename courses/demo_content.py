"""The demo course's text, written for Harbour from the facts in shared/DOMAIN.md.

Bodies are lists of (block type, value). The placeholders IMAGE_* and DOCUMENT_*
stand for the image and documents that courses/demo.py makes; everything else
is plain data.
"""

IMAGE_ELEMENTS = "image:elements"
IMAGE_NETWORK = "image:network"
DOCUMENT_REFERRAL_FORM = "document:referral-form"
DOCUMENT_CONSENT = "document:consent"

# A sample clip stands in for the training's own recording; the block's title
# says so, so nobody mistakes it for training material.
SAMPLE_VIDEO_URL = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"

COURSE = {
    "title": "Identifying and assisting victims of trafficking",
    "summary": (
        "Two days for government officials and NGO staff in the Caribbean: how to "
        "recognise a person who may have been trafficked, how to assist them "
        "safely, and how agencies refer them to each other."
    ),
    "learning_objectives": (
        "<ul>"
        "<li>Tell trafficking in persons from migrant smuggling, using the three "
        "elements of the definition.</li>"
        "<li>Recognise the indicators of trafficking and know what to do when "
        "several of them come together.</li>"
        "<li>Assist a presumed victim by the principles of direct assistance, "
        "starting with their safety and informed consent.</li>"
        "<li>Refer a person through the national referral mechanism, sharing only "
        "the information the receiving agency needs.</li>"
        "</ul>"
    ),
    "audience": (
        "Immigration, police and labour officers, prosecutors, social and health "
        "workers, shelter and NGO staff, faith groups and consulates: anyone who "
        "may be the first to meet a person who has been trafficked."
    ),
    "duration_hours": 12,
}

MODULES = [
    {
        "title": "Identification",
        "slug": "identification",
        "summary": (
            "What trafficking is and is not, and the signs that should make you "
            "look more closely."
        ),
        "estimated_minutes": 120,
        "lessons": [
            {
                "title": "What trafficking in persons is",
                "slug": "what-trafficking-is",
                "estimated_minutes": 20,
                "search_description": "The act, the means and the purpose: the "
                "three elements of trafficking in persons.",
                "body": [
                    (
                        "paragraph",
                        "<p>Trafficking in persons is defined the same way in "
                        "every country that has joined the international "
                        "agreement on it. For an adult, three elements must all "
                        "be there. If one is missing, the situation may still be "
                        "a crime or a labour abuse, but it is not trafficking.</p>",
                    ),
                    ("heading", {"text": "The three elements", "level": "h2"}),
                    (
                        "image",
                        {
                            "image": IMAGE_ELEMENTS,
                            "alt_text": (
                                "Three boxes in a row joined by arrows: the act, "
                                "then the means, then the purpose of exploitation."
                            ),
                            "caption": "For an adult, all three elements are needed.",
                        },
                    ),
                    (
                        "paragraph",
                        "<ol>"
                        "<li><b>The act</b>: what is done to the person. Someone "
                        "recruits, transports, transfers, harbours or receives "
                        "them.</li>"
                        "<li><b>The means</b>: how it is done. Threats or force, "
                        "coercion, abduction, fraud or deception, abuse of power "
                        "or of a position of vulnerability, or payments to "
                        "someone who controls the person.</li>"
                        "<li><b>The purpose</b>: why it is done. To exploit the "
                        "person: sexual exploitation, forced labour or services, "
                        "slavery or practices like it, servitude, or the removal "
                        "of organs.</li>"
                        "</ol>",
                    ),
                    (
                        "callout",
                        {
                            "kind": "note",
                            "title": "Children",
                            "text": "<p>When the person is under 18, the means "
                            "do not have to be shown. Recruiting or moving a child "
                            "for exploitation is trafficking, whatever the child "
                            "or their family agreed to.</p>",
                        },
                    ),
                    (
                        "paragraph",
                        "<p>Consent does not change the picture either. Once any "
                        "of the means was used, it does not matter that the "
                        "person said yes to the job, the journey or the "
                        "arrangement. Men, women, boys and girls are trafficked; "
                        "in the Caribbean, forced labour, sexual exploitation and "
                        "domestic servitude have all been found.</p>",
                    ),
                    (
                        "key_takeaways",
                        {
                            "title": "Key takeaways",
                            "points": [
                                "For an adult: an act, a means and a purpose of "
                                "exploitation, all three.",
                                "For a child: the act and the purpose are enough.",
                                "A victim's consent is irrelevant once any of the "
                                "means was used.",
                            ],
                        },
                    ),
                ],
            },
            {
                "title": "Trafficking is not smuggling",
                "slug": "trafficking-is-not-smuggling",
                "estimated_minutes": 15,
                "search_description": "How trafficking in persons differs from "
                "migrant smuggling, and why it matters for the person.",
                "body": [
                    (
                        "paragraph",
                        "<p>Officers at a port or an airport often meet migrants "
                        "who paid someone to get them across a border. That is "
                        "smuggling. It can turn into trafficking, and the two "
                        "are easily confused, but the law treats them, and the "
                        "people involved, very differently.</p>",
                    ),
                    ("heading", {"text": "Smuggling", "level": "h2"}),
                    (
                        "paragraph",
                        "<ul>"
                        "<li>A crime against a state's border.</li>"
                        "<li>Always crosses a border.</li>"
                        "<li>The migrant agreed to it.</li>"
                        "<li>The relationship ends on arrival, once the fee is "
                        "paid.</li>"
                        "</ul>",
                    ),
                    ("heading", {"text": "Trafficking", "level": "h2"}),
                    (
                        "paragraph",
                        "<ul>"
                        "<li>A crime against a person.</li>"
                        "<li>Need not cross any border: it happens inside one "
                        "island too.</li>"
                        "<li>Consent is irrelevant once deception, force or "
                        "another means was used.</li>"
                        "<li>It goes on after arrival, through the "
                        "exploitation.</li>"
                        "</ul>",
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "A smuggled migrant can become a victim",
                            "text": "<p>If a smuggled person arrives owing a debt "
                            "that keeps growing, has their passport taken or is "
                            "put to work they cannot leave, treat them as a "
                            "possible victim of trafficking, not only as someone "
                            "who entered irregularly.</p>",
                        },
                    ),
                ],
            },
            {
                "title": "Indicators: what to look for",
                "slug": "indicators",
                "estimated_minutes": 30,
                "search_description": "General indicators of trafficking and "
                "those of labour exploitation, sexual exploitation and domestic "
                "servitude.",
                "body": [
                    (
                        "paragraph",
                        "<p>An indicator is a sign that something may be wrong. "
                        "None proves trafficking on its own, and some have "
                        "innocent explanations. When you notice several "
                        "together, make time for a careful, private "
                        "conversation and think about a referral.</p>",
                    ),
                    (
                        "indicator_checklist",
                        {
                            "title": "General indicators",
                            "context": "general",
                            "introduction": "Signs that apply whatever the form "
                            "of exploitation.",
                            "indicators": [
                                "Someone else holds the person's passport or "
                                "identity card.",
                                "The person owes a debt they cannot pay off.",
                                "They are not free to leave their workplace or home.",
                                "They live where they work.",
                                "They show signs of physical abuse, or of fear.",
                                "They do not know their address, or the local "
                                "language.",
                                "Their answers sound rehearsed.",
                                "Someone else speaks for them.",
                                "They have no access to their own earnings.",
                                "They work excessive hours.",
                            ],
                        },
                    ),
                    (
                        "indicator_checklist",
                        {
                            "title": "Labour exploitation",
                            "context": "labour",
                            "introduction": "",
                            "indicators": [
                                "Wages are withheld, or cut for food, housing "
                                "and transport the employer decides on.",
                                "Workers are moved to and from the site by the "
                                "employer and cannot come and go alone.",
                                "Safety equipment and rest days are missing.",
                            ],
                        },
                    ),
                    (
                        "indicator_checklist",
                        {
                            "title": "Sexual exploitation",
                            "context": "sexual",
                            "introduction": "",
                            "indicators": [
                                "The person is moved between clubs, bars or "
                                "flats at short notice.",
                                "They cannot refuse clients or keep their earnings.",
                                "They were recruited for another job, such as "
                                "dancing or waitressing.",
                            ],
                        },
                    ),
                    (
                        "indicator_checklist",
                        {
                            "title": "Domestic servitude",
                            "context": "domestic",
                            "introduction": "",
                            "indicators": [
                                "The worker is never seen outside the house alone.",
                                "They sleep in the kitchen, a corridor or the "
                                "children's room.",
                                "They are on call day and night.",
                            ],
                        },
                    ),
                    (
                        "callout",
                        {
                            "kind": "do_no_harm",
                            "title": "Do not confront",
                            "text": "<p>Never raise your suspicion in front of an "
                            "employer, a partner or anyone who might control the "
                            "person. Note what you saw and follow your agency's "
                            "procedure for a referral.</p>",
                        },
                    ),
                ],
            },
            {
                "title": "A first conversation",
                "slug": "a-first-conversation",
                "estimated_minutes": 30,
                "search_description": "Speaking with a person who may have been "
                "trafficked: privacy, interpretation and patience.",
                "body": [
                    (
                        "paragraph",
                        "<p>A first conversation is not an interview for the "
                        "police. Its aim is to understand whether the person "
                        "needs help and to offer it. Find a private place, away "
                        "from anyone who came with them. Use a professional "
                        "interpreter, never a companion or a relative. Explain "
                        "who you are, what you can and cannot do, and that they "
                        "can stop at any time.</p>",
                    ),
                    (
                        "video",
                        {
                            "url": SAMPLE_VIDEO_URL,
                            "title": "Sample video (to be replaced by the "
                            "training's own role-play recording)",
                            "transcript": "This sample stands in for a role play "
                            "that facilitators record with their own team: an "
                            "officer invites a worker to a quiet room, "
                            "introduces an interpreter and explains that the "
                            "worker may stop at any time.",
                        },
                    ),
                    (
                        "case_study",
                        {
                            "title": "A domestic worker at the clinic",
                            "scenario": "<p>A young woman brings her employer's "
                            "child to a health clinic. The employer comes too and "
                            "answers every question put to the woman, including "
                            "questions about her own health. The woman looks "
                            "tired and has a healing burn on her arm. When the "
                            "nurse asks where she lives, she looks at the "
                            "employer before answering.</p>",
                            "discussion_questions": [
                                "Which indicators do you notice?",
                                "How could the nurse find a moment to speak with "
                                "the woman alone, without putting her at risk?",
                                "What should the nurse not do today?",
                            ],
                            "facilitator_notes": "<p>Draw out three indicators: "
                            "someone else speaks for her, signs of injury, and "
                            "fear or checking before answering. Good answers "
                            "involve a routine reason to see patients alone "
                            "(for example, every adult patient is examined "
                            "alone). Steer the group away from confronting the "
                            "employer: it can put the woman in danger.</p>",
                        },
                    ),
                    (
                        "key_takeaways",
                        {
                            "title": "Key takeaways",
                            "points": [
                                "Speak with the person alone, with a "
                                "professional interpreter.",
                                "Say who you are and what you can offer; let "
                                "them set the pace.",
                                "Record what you saw and heard, not your guesses.",
                            ],
                        },
                    ),
                ],
            },
        ],
    },
    {
        "title": "Direct assistance",
        "slug": "direct-assistance",
        "summary": (
            "The principles that guide every contact with a survivor, and the "
            "services they can choose."
        ),
        "estimated_minutes": 120,
        "lessons": [
            {
                "title": "Principles of direct assistance",
                "slug": "principles",
                "estimated_minutes": 20,
                "search_description": "Do no harm, safety first, informed "
                "consent, confidentiality, non-discrimination and the best "
                "interests of the child.",
                "body": [
                    (
                        "paragraph",
                        "<p>Every agency in the network works to the same "
                        "principles, so that a survivor meets the same respect "
                        "at each door.</p>"
                        "<ul>"
                        "<li><b>Do no harm.</b> Think before every step about "
                        "what could go wrong for the person.</li>"
                        "<li><b>Safety first</b>: for the person, their family "
                        "and your own staff.</li>"
                        "<li><b>Informed consent</b> at every step, in a "
                        "language the person understands.</li>"
                        "<li><b>Confidentiality and privacy.</b></li>"
                        "<li><b>Non-discrimination.</b></li>"
                        "<li><b>The best interests of the child</b> come first "
                        "for anyone under 18.</li>"
                        "<li>Assistance <b>never depends on cooperating with the "
                        "police</b>.</li>"
                        "</ul>",
                    ),
                    (
                        "callout",
                        {
                            "kind": "do_no_harm",
                            "title": "Help is not a reward",
                            "text": "<p>A survivor who does not want to make a "
                            "statement, or is not ready to, is still entitled to "
                            "shelter, care and advice.</p>",
                        },
                    ),
                    (
                        "key_takeaways",
                        {
                            "title": "Key takeaways",
                            "points": [
                                "Do no harm and safety come before everything else.",
                                "Ask for consent again at each new step.",
                                "Assistance is unconditional.",
                            ],
                        },
                    ),
                ],
            },
            {
                "title": "Safety first: assessing risk",
                "slug": "assessing-risk",
                "estimated_minutes": 30,
                "search_description": "Assessing the risks to a survivor, their "
                "family and staff before and during assistance.",
                "body": [
                    ("heading", {"text": "Whose safety?", "level": "h2"}),
                    (
                        "paragraph",
                        "<p>A risk assessment looks at three groups: the person, "
                        "their family here or at home, and the staff who assist "
                        "them. Ask who knows where the person is, whether the "
                        "exploiters have made threats, and whether family "
                        "members owe money to the same people.</p>",
                    ),
                    ("heading", {"text": "When to assess again", "level": "h3"}),
                    (
                        "paragraph",
                        "<p>Risk changes. Assess again when the person moves, "
                        "when a case goes to court, and before any return "
                        "home.</p>",
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Phones and social media",
                            "text": "<p>Exploiters often track a person's phone "
                            "or social media. Talk with the person about what "
                            "they share and with whom.</p>",
                        },
                    ),
                    (
                        "case_study",
                        {
                            "title": "A call from the shelter",
                            "scenario": "<p>Two days after a woman arrives at "
                            "a shelter, a man phones asking for her by name and "
                            "says he is her cousin.</p>",
                            "discussion_questions": [
                                "What should the staff member who answers say?",
                                "Which risks need to be assessed again now?",
                            ],
                            "facilitator_notes": "<p>The answer is neither yes "
                            "nor no: staff never confirm who stays at the "
                            "shelter. Expect the group to mention moving the "
                            "woman if her location is known.</p>",
                        },
                    ),
                ],
            },
            {
                "title": "Informed consent and confidentiality",
                "slug": "consent-and-confidentiality",
                "estimated_minutes": 25,
                "search_description": "Asking for informed consent in a language "
                "the person understands, and keeping their information private.",
                "body": [
                    (
                        "paragraph",
                        "<p>Consent is informed when the person knows what will "
                        "happen, who will know, and what the choices are, "
                        "including saying no. Explain in their language, with a "
                        "professional interpreter if needed, and check that they "
                        "understood. Consent to one step is not consent to the "
                        "next.</p>"
                        "<p>Keep records locked away, share them only with the "
                        "person's agreement, and share only what the receiving "
                        "agency needs to help.</p>",
                    ),
                    (
                        "document",
                        {
                            "document": DOCUMENT_CONSENT,
                            "title": "Consent to share information (template)",
                            "description": "A one-page form to adapt for your "
                            "agency, to read aloud and sign with the person.",
                        },
                    ),
                    (
                        "callout",
                        {
                            "kind": "do_no_harm",
                            "title": "No photographs",
                            "text": "<p>Never photograph a survivor or publish "
                            "details that could identify them, even with good "
                            "intentions.</p>",
                        },
                    ),
                ],
            },
            {
                "title": "Services a survivor can choose",
                "slug": "services",
                "estimated_minutes": 25,
                "search_description": "Accommodation, health, psychosocial and "
                "legal support, a reflection period, and return or integration.",
                "body": [
                    (
                        "paragraph",
                        "<p>Assistance is a menu the person chooses from, not a "
                        "programme they must complete:</p>"
                        "<ul>"
                        "<li>safe accommodation;</li>"
                        "<li>medical care and psychosocial support;</li>"
                        "<li>legal counselling and representation;</li>"
                        "<li>interpretation;</li>"
                        "<li>a reflection and recovery period, to rest and "
                        "decide what to do next;</li>"
                        "<li>help with immigration status;</li>"
                        "<li>and, where the person chooses, voluntary return and "
                        "reintegration, or integration where they are.</li>"
                        "</ul>",
                    ),
                    (
                        "key_takeaways",
                        {
                            "title": "Key takeaways",
                            "points": [
                                "The person chooses among the services.",
                                "A reflection period comes before any decision "
                                "about a statement or a return.",
                            ],
                        },
                    ),
                ],
            },
        ],
    },
    {
        "title": "The multi-agency referral network",
        "slug": "referral-network",
        "summary": (
            "How agencies work together so that a person identified at one door "
            "reaches every service they need."
        ),
        "estimated_minutes": 120,
        "lessons": [
            {
                "title": "What a national referral mechanism is",
                "slug": "national-referral-mechanism",
                "estimated_minutes": 20,
                "search_description": "The cooperative framework through which "
                "the state and civil society protect trafficked persons.",
                "body": [
                    (
                        "paragraph",
                        "<p>A national referral mechanism is the way a country "
                        "organises its agencies to protect the rights of "
                        "trafficked persons. The state carries the duty; civil "
                        "society organisations are its partners. No single "
                        "agency can identify, protect and support a person on "
                        "its own.</p>",
                    ),
                    (
                        "image",
                        {
                            "image": IMAGE_NETWORK,
                            "alt_text": (
                                "A network diagram: a focal point in the centre "
                                "linked to police, immigration, labour "
                                "inspection, prosecutors, social services, "
                                "health, shelters and NGOs."
                            ),
                            "caption": "Each agency names a focal point; the "
                            "focal points know each other.",
                        },
                    ),
                    ("heading", {"text": "Its parts", "level": "h2"}),
                    (
                        "paragraph",
                        "<ul>"
                        "<li>named focal points in each agency;</li>"
                        "<li>standard operating procedures: who does what, from "
                        "first contact to long-term support;</li>"
                        "<li>written agreements between agencies (memoranda of "
                        "understanding);</li>"
                        "<li>a referral form and a consent-based way of sharing "
                        "only the information needed;</li>"
                        "<li>a directory of services with contacts;</li>"
                        "<li>regular meetings to review cases and the network "
                        "itself.</li>"
                        "</ul>",
                    ),
                    (
                        "key_takeaways",
                        {
                            "title": "Key takeaways",
                            "points": [
                                "The state is responsible; civil society is a partner.",
                                "Focal points, procedures, agreements, a form, a "
                                "directory and meetings make a network.",
                            ],
                        },
                    ),
                ],
            },
            {
                "title": "Who is in the network",
                "slug": "who-is-in-the-network",
                "estimated_minutes": 20,
                "search_description": "The agencies of a referral network and "
                "the part each plays.",
                "body": [
                    (
                        "paragraph",
                        "<p>Typical members are the police, immigration, labour "
                        "inspection, prosecutors, social services, health "
                        "services, shelters, NGOs, faith-based groups, consulates "
                        "and international organisations. The cards below are "
                        "examples of entries in a directory of services; the "
                        "names and numbers are made up for this course.</p>",
                    ),
                    (
                        "heading",
                        {"text": "Example directory entries", "level": "h2"},
                    ),
                    (
                        "referral_contact",
                        {
                            "agency": "Anti-Trafficking Unit, Police",
                            "role": "Receives referrals of presumed victims, "
                            "assesses immediate danger and leads any criminal "
                            "investigation.",
                            "focal_point": "Duty officer",
                            "phone": "+1 758 555 0100",
                            "email": "atu@example.org",
                            "website": "",
                            "address": "",
                            "hours": "Day and night",
                        },
                    ),
                    (
                        "referral_contact",
                        {
                            "agency": "Department of Social Services",
                            "role": "Arranges shelter, case management and "
                            "psychosocial support; leads for children.",
                            "focal_point": "Case management desk",
                            "phone": "+1 758 555 0120",
                            "email": "social.services@example.org",
                            "website": "",
                            "address": "Ground floor, Government Building\nCastries",
                            "hours": "Monday to Friday, 8:00 to 16:30",
                        },
                    ),
                    (
                        "referral_contact",
                        {
                            "agency": "Safe Harbour Shelter (NGO)",
                            "role": "Safe accommodation for women and their "
                            "children, with a reflection period.",
                            "focal_point": "",
                            "phone": "+1 758 555 0140",
                            "email": "",
                            "website": "https://shelter.example.org",
                            "address": "",
                            "hours": "Admissions day and night",
                        },
                    ),
                ],
            },
            {
                "title": "Referring a person, step by step",
                "slug": "referring-step-by-step",
                "estimated_minutes": 30,
                "search_description": "How to refer a presumed victim with "
                "consent, the referral form and a follow-up.",
                "body": [
                    (
                        "paragraph",
                        "<ol>"
                        "<li>Make sure the person is safe now.</li>"
                        "<li>Explain the referral and ask for consent.</li>"
                        "<li>Call the focal point of the receiving agency.</li>"
                        "<li>Fill in the referral form with only what that "
                        "agency needs.</li>"
                        "<li>Agree who tells the person what happens next.</li>"
                        "<li>Follow up, and record the referral.</li>"
                        "</ol>",
                    ),
                    (
                        "document",
                        {
                            "document": DOCUMENT_REFERRAL_FORM,
                            "title": "Referral form (template)",
                            "description": "Adapt it to your country's "
                            "procedures before use.",
                        },
                    ),
                    (
                        "callout",
                        {
                            "kind": "note",
                            "title": "Only what is needed",
                            "text": "<p>A shelter needs to know about health "
                            "needs and risks; it does not need the person's "
                            "full story. Each retelling can hurt.</p>",
                        },
                    ),
                    (
                        "case_study",
                        {
                            "title": "Workers at a construction site",
                            "scenario": "<p>During a routine visit a labour "
                            "inspector finds six workers sleeping in a container "
                            "on the site. Their passports are in the site "
                            "manager's office.</p>",
                            "discussion_questions": [
                                "Who does the inspector call first, and why?",
                                "What goes on the referral form, and what does not?",
                            ],
                            "facilitator_notes": "<p>Look for: safety first, the "
                            "police focal point for immediate danger, social "
                            "services for shelter, and consent before passing on "
                            "names.</p>",
                        },
                    ),
                ],
            },
        ],
    },
]

# Left in review in the demo, so the "Curriculum review" workflow shows.
LESSON_IN_REVIEW = {
    "module_slug": "referral-network",
    "title": "Reviewing the network together",
    "slug": "reviewing-the-network",
    "estimated_minutes": 15,
    "search_description": "Regular meetings to review cases and the network.",
    "body": [
        (
            "paragraph",
            "<p>A network stays alive when its members meet. Regular meetings "
            "review difficult cases (with names removed), check that the "
            "directory of services is up to date, and fix the gaps the last "
            "referrals revealed.</p>",
        ),
        (
            "key_takeaways",
            {
                "title": "Key takeaways",
                "points": [
                    "Meet regularly, not only when a case arrives.",
                    "Keep the directory of services current.",
                ],
            },
        ),
    ],
}

REFERRAL_FORM_TEXT = """\
REFERRAL FORM (template) - Harbour demo

Share only what the receiving agency needs. The person has agreed to this referral.

Referring agency and focal point:
Receiving agency and focal point:
Date and time of referral:

Person referred (first name or code only):
Language and interpreter needed:
Immediate safety concerns:
Health needs to know about:
Services requested (tick): [ ] accommodation [ ] medical [ ] psychosocial
  [ ] legal advice [ ] interpretation [ ] immigration advice [ ] other
Consent to this referral given on (date), explained in (language):

Follow-up agreed (who, when):
"""

CONSENT_FORM_TEXT = """\
CONSENT TO SHARE INFORMATION (template) - Harbour demo

Read this aloud in a language the person understands.

1. Who we are and what we can do for you.
2. What information we would like to share, and with which agency.
3. Why: what that agency can offer you.
4. You can say no, and you will still receive help.
5. You can change your mind later.

I agree / I do not agree to share the information above.
Name or code:            Date:            Interpreter (if any):
"""
