"""StreamField blocks for lessons. The curriculum issue completes this set."""

from wagtail import blocks


class LessonStreamBlock(blocks.StreamBlock):
    """Every block a lesson body may use."""

    heading = blocks.CharBlock(form_classname="title", icon="title")
    paragraph = blocks.RichTextBlock(icon="pilcrow")
