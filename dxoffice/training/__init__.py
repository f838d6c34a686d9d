"""Training officials: courses, lessons and quizzes, classes, certificates and coverage."""
