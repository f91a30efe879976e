import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0007_attempt_records_data")]

    operations = [
        migrations.AlterField(
            model_name="response",
            name="slot",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE, related_name="response", to="quizzes.attemptslot"
            ),
        ),
    ]
