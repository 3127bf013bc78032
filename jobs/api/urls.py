app_name = "jobs_api"

urlpatterns: list = []
