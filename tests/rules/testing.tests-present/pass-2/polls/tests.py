from django.test import TestCase

from .models import Question


class QuestionTests(TestCase):
    def test_text_is_saved(self):
        q = Question.objects.create(text="why?")
        self.assertEqual(q.text, "why?")
