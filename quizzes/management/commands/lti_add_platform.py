from django.core.management.base import BaseCommand

from quizzes.lti.services import registrations


class Command(BaseCommand):
    help = "Register an LTI 1.3 platform (an LMS) and print the tool URLs to paste into it."

    def add_arguments(self, parser):
        parser.add_argument("--issuer", required=True)
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--deployment-id", action="append", required=True, dest="deployment_ids")
        parser.add_argument("--auth-url", required=True, help="The platform's OIDC authorization endpoint")
        parser.add_argument("--token-url", required=True, help="The platform's OAuth2 token endpoint")
        parser.add_argument("--jwks-url", required=True, help="The platform's public key set")
        parser.add_argument("--name", default="")
        parser.add_argument(
            "--tool-url", default="http://127.0.0.1:8000/", help="This site's address as the LMS reaches it"
        )

    def handle(self, *args, **options):
        registration = registrations.add_platform(
            issuer=options["issuer"],
            client_id=options["client_id"],
            deployment_ids=options["deployment_ids"],
            auth_url=options["auth_url"],
            token_url=options["token_url"],
            jwks_url=options["jwks_url"],
            name=options["name"],
        )
        urls = registrations.ToolUrls.at(options["tool_url"])
        self.stdout.write(f"Registered {registration.name} (client id {registration.client_id}).")
        self.stdout.write(f"OIDC login URL:        {urls.login}")
        self.stdout.write(f"Launch (redirect) URL: {urls.launch}")
        self.stdout.write(f"Deep linking URL:      {urls.deep_linking}")
        self.stdout.write(f"Public keyset (JWKS):  {urls.jwks}")
