"""Question blocks for QuizPage.questions.

Every option is an item of a ListBlock, so it carries Wagtail's stable item id;
answers refer to those ids (and to the question's StreamField child id), never
to an option's position or text, so reordering or rewording an option in a
later revision cannot change what a past answer meant.

The blocks have no front-end templates on purpose: the quiz-taking page is
rendered from a participant-safe projection (see ``content.py``) so that no
correct flag, feedback or explanation can reach the browser by accident.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

PARTIAL_CREDIT_RULE = _(
    "Partial credit: each correct option ticked earns an equal share of the "
    "points, each wrong option ticked takes one share away, and a question never "
    "scores below zero. Example: 2 points, 2 correct options; ticking one correct "
    "and one wrong option scores 0, ticking one correct option only scores 1."
)


def _options_error(message) -> StructBlockValidationError:
    """An error shown on the question's list of options."""
    return StructBlockValidationError(
        block_errors={
            "options": ListBlockValidationError(
                non_block_errors=ErrorList([ValidationError(message)])
            )
        }
    )


class OptionBlock(blocks.StructBlock):
    """One answer option with its correct flag and the feedback shown in review."""

    text = blocks.CharBlock(max_length=300, label=_("Option"))
    correct = blocks.BooleanBlock(required=False, label=_("Correct"))
    feedback = blocks.TextBlock(
        required=False,
        label=_("Feedback"),
        help_text=_(
            "Shown in the review to someone who chose this option: say why it "
            "is right or wrong."
        ),
    )

    class Meta:
        icon = "radio-full"
        label = _("Option")
        description = _("An answer option")


class ChoiceQuestionBlock(blocks.StructBlock):
    """Shared fields of single- and multiple-choice questions."""

    prompt = blocks.TextBlock(label=_("Question"))
    options = blocks.ListBlock(OptionBlock(), min_num=2, max_num=10, label=_("Options"))
    points = blocks.IntegerBlock(
        min_value=1, max_value=100, default=1, label=_("Points")
    )
    explanation = blocks.TextBlock(
        required=False,
        label=_("Explanation"),
        help_text=_("Shown in the review, when the quiz's policy allows it."),
    )

    def correct_count(self, value) -> int:
        return sum(1 for option in value.get("options") or [] if option["correct"])


class SingleChoiceBlock(ChoiceQuestionBlock):
    """A question with exactly one correct option."""

    def clean(self, value):
        value = super().clean(value)
        correct = self.correct_count(value)
        if correct == 0:
            raise _options_error(_("Mark one option as correct."))
        if correct > 1:
            raise _options_error(
                _(
                    "A single-choice question has exactly one correct option. "
                    "Untick the others, or make it a multiple-choice question."
                )
            )
        return value

    class Meta:
        icon = "radio-full"
        label = _("Single choice")
        description = _("One correct option")
        help_text = _("Participants choose one option; exactly one is correct.")


class MultipleChoiceBlock(ChoiceQuestionBlock):
    """A question with one or more correct options, scored with partial credit."""

    def clean(self, value):
        value = super().clean(value)
        if self.correct_count(value) == 0:
            raise _options_error(_("Mark at least one option as correct."))
        return value

    class Meta:
        icon = "tick-inverse"
        label = _("Multiple choice")
        description = _("Several correct options, partial credit")
        help_text = PARTIAL_CREDIT_RULE


class TrueFalseBlock(blocks.StructBlock):
    """A statement the participant marks true or false."""

    prompt = blocks.TextBlock(label=_("Statement"))
    correct_answer = blocks.ChoiceBlock(
        choices=[("true", _("True")), ("false", _("False"))],
        default="true",
        label=_("The statement is"),
    )
    feedback_if_true = blocks.TextBlock(
        required=False,
        label=_("Feedback if true"),
        help_text=_("Shown to someone who answered True."),
    )
    feedback_if_false = blocks.TextBlock(
        required=False,
        label=_("Feedback if false"),
        help_text=_("Shown to someone who answered False."),
    )
    points = blocks.IntegerBlock(
        min_value=1, max_value=100, default=1, label=_("Points")
    )
    explanation = blocks.TextBlock(required=False, label=_("Explanation"))

    def clean(self, value):
        value = super().clean(value)
        if value.get("correct_answer") not in {"true", "false"}:
            raise StructBlockValidationError(
                block_errors={
                    "correct_answer": ValidationError(_("Choose True or False."))
                }
            )
        return value

    class Meta:
        icon = "tick"
        label = _("True or false")
        description = _("A statement to mark true or false")


class ScenarioQuestionsBlock(blocks.StreamBlock):
    """The sub-questions of a scenario."""

    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    true_false = TrueFalseBlock()

    class Meta:
        min_num = 1
        max_num = 10


class ScenarioBlock(blocks.StructBlock):
    """A case description followed by several questions about it."""

    case = blocks.TextBlock(
        label=_("Case"), help_text=_("The situation the questions are about.")
    )
    questions = ScenarioQuestionsBlock(label=_("Questions"))

    class Meta:
        icon = "doc-full"
        label = _("Scenario")
        description = _("A case followed by several questions")


class QuizQuestionsBlock(blocks.StreamBlock):
    """The questions of a quiz, in the order they are shown unless shuffled."""

    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    true_false = TrueFalseBlock()
    scenario = ScenarioBlock()

    def clean(self, value):
        if self.required and not self.is_deferred_validation and len(value) == 0:
            raise StreamBlockValidationError(
                non_block_errors=ErrorList(
                    [ValidationError(_("A quiz needs at least one question."))]
                )
            )
        return super().clean(value)

    class Meta:
        max_num = 200
