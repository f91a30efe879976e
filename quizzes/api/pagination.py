from rest_framework.pagination import PageNumberPagination


class CappedPageNumberPagination(PageNumberPagination):
    """Pages of 20 by default; a client may ask for up to 100 with ?page_size=."""

    page_size_query_param = "page_size"
    max_page_size = 100
