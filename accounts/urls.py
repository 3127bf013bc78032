from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile_detail, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("profile/avatar/", views.profile_avatar_update, name="profile_avatar"),
    path("profile/avatar/remove/", views.profile_avatar_remove, name="profile_avatar_remove"),
    path("profile/public/", views.profile_visibility_update, name="profile_visibility"),
    path("profile/public/regenerate/", views.profile_public_link_regenerate, name="profile_public_link_regenerate"),
    # Experience, education, skills and certifications share these; the view 404s unknown kinds.
    path("profile/<slug:kind>/", views.profile_section, name="profile_section"),
    path("profile/<slug:kind>/add/", views.profile_item_add, name="profile_item_add"),
    path("profile/<slug:kind>/<uuid:item_id>/edit/", views.profile_item_edit, name="profile_item_edit"),
    path("profile/<slug:kind>/<uuid:item_id>/delete/", views.profile_item_delete, name="profile_item_delete"),
    path("profile/<slug:kind>/<uuid:item_id>/move/", views.profile_item_move, name="profile_item_move"),
    path("p/<slug:slug>/", views.profile_public, name="profile_public"),
    path("settings/", views.account_settings, name="settings"),
    path("settings/api-keys/", views.api_key_list, name="api_keys"),
    path("settings/api-keys/<uuid:key_id>/revoke/", views.api_key_revoke, name="api_key_revoke"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/mark-all-read/", views.notification_mark_all_read, name="notifications_mark_all_read"),
]
