"""Custom Rasa components for this project's pipeline (imported by Rasa with nlu/ on PYTHONPATH)."""
