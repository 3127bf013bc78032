import pytest
from django.core.files.base import ContentFile

from careercoach.lib.storage import private_storage


def test_private_files_live_outside_media_root(settings):
    name = private_storage().save("documents/x.txt", ContentFile(b"secret"))
    path = private_storage().path(name)
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))


def test_private_files_have_no_url():
    with pytest.raises(ValueError):
        private_storage().url("documents/x.txt")


@pytest.mark.django_db
def test_private_file_is_not_served_under_media(client, settings):
    name = private_storage().save("documents/y.txt", ContentFile(b"secret"))
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"/media/../private/{name}").status_code in (400, 404)
