import pytest

from paperdigest.errors import ConfigError
from paperdigest.settings import DEFAULT_CONFIG, Settings, load_settings


def test_layers_flags_over_env_over_file(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('lang = "zh"\nmax_papers = 9\nmodel = "ollama/llama3.1"\n')
    env = {"PAPERDIGEST_MAX_PAPERS": "7", "PAPERDIGEST_CATEGORIES": "cs.CL, cs.LG"}
    settings = load_settings(config=config, overrides={"max_papers": 3, "engine": None}, environ=env)
    assert (settings.lang, settings.max_papers, settings.model) == ("zh", 3, "ollama/llama3.1")
    assert settings.categories == ("cs.CL", "cs.LG")
    assert load_settings(config=config, environ=env).max_papers == 7


def test_bad_config_is_one_clear_error(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('lang = "fr"\nunknown_key = 1\n')
    with pytest.raises(ConfigError, match=r"lang: .*unknown_key"):
        load_settings(config=config, environ={})
    config.write_text("lang = [")
    with pytest.raises(ConfigError, match="c.toml"):
        load_settings(config=config, environ={})
    with pytest.raises(ConfigError, match="not found"):
        load_settings(config=tmp_path / "absent.toml", environ={})


def test_default_config_is_valid_and_documents_every_key(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text(DEFAULT_CONFIG)
    assert load_settings(config=config, environ={}) == Settings()
    for key in Settings.model_fields:
        assert key in DEFAULT_CONFIG, key
