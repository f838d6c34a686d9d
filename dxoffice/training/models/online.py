"""Online content: ordered lessons, quizzes with their question banks, and the learner's progress."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import Archivable, AuditTrail
from dxoffice.training.models.catalogue import Course
from dxoffice.training.models.people import Learner


class Lesson(Archivable):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="lessons"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(
        _("text"), blank=True, help_text=_("Formatted text; unsafe markup is removed on save.")
    )
    video_url = models.URLField(_("video link"), blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=10)
    history = AuditTrail()

    class Meta:
        ordering = ["course", "position", "pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.title


class Quiz(Archivable):
    """A quiz of a course. `draw` questions are drawn at random from its bank for each attempt (0:
    all of them); the final test opens once the learner has done the course's share of lessons."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="quizzes"
    )
    title = models.CharField(_("title"), max_length=300)
    is_final = models.BooleanField(_("final test"), default=False)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=3, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    draw = models.PositiveSmallIntegerField(_("questions drawn per attempt"), default=0)
    history = AuditTrail()

    class Meta:
        ordering = ["course", "is_final", "pk"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")
    SHORT = "short", _("Short answer")


class Question(Archivable):
    quiz = models.ForeignKey(Quiz, verbose_name=_("quiz"), on_delete=models.PROTECT, related_name="questions")
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.TextField(_("question"))
    points = models.PositiveSmallIntegerField(_("points"), default=1, validators=[MinValueValidator(1)])
    accepted_answers = models.JSONField(_("accepted answers"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    history = AuditTrail()

    class Meta:
        ordering = ["quiz", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text[:80]


class Choice(Archivable):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="choices"
    )
    text = models.CharField(_("answer"), max_length=500)
    correct = models.BooleanField(_("correct"), default=False)
    history = AuditTrail()

    class Meta:
        ordering = ["question", "pk"]
        verbose_name = _("answer choice")
        verbose_name_plural = _("answer choices")

    def __str__(self) -> str:
        return self.text[:80]


class LessonProgress(Archivable):
    """A lesson the learner finished: saved on the server, so they resume on another device."""

    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="lesson_progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="progress")
    completed_at = models.DateTimeField(auto_now_add=True)
    history = AuditTrail()

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["learner", "lesson"], name="training_unique_progress")]

    def __str__(self) -> str:
        return f"{self.learner} · {self.lesson}"


class Attempt(Archivable):
    """One try at a quiz: the questions drawn, the answers saved as the learner goes, the mark."""

    quiz = models.ForeignKey(Quiz, verbose_name=_("quiz"), on_delete=models.PROTECT, related_name="attempts")
    learner = models.ForeignKey(
        Learner, verbose_name=_("learner"), on_delete=models.PROTECT, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt"), default=1)
    question_ids = models.JSONField(default=list)
    answers = models.JSONField(default=dict, blank=True)  # {question id: [choice ids] or "text"}
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("passed"), default=False)
    history = AuditTrail()

    class Meta:
        ordering = ["quiz", "learner", "number"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "learner", "number"], name="training_unique_attempt")
        ]

    def __str__(self) -> str:
        return f"{self.quiz} · {self.learner} · {self.number}"

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None
