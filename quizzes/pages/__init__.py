"""The student and teacher pages: views and forms per area, thin like the API views."""
