from django.urls import path

from accounts.api import views

app_name = "accounts_api"

urlpatterns = [
    path("me/", views.MeApi.as_view(), name="me"),
    path("profile/", views.ProfileApi.as_view(), name="profile"),
]
for kind, (list_api, detail_api, reorder_api) in views.ITEM_APIS.items():
    urlpatterns += [
        path(f"profile/{kind}/", list_api.as_view(), name=f"{kind}_list"),
        path(f"profile/{kind}/order/", reorder_api.as_view(), name=f"{kind}_reorder"),
        path(f"profile/{kind}/<uuid:item_id>/", detail_api.as_view(), name=f"{kind}_detail"),
    ]
