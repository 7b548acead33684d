from publisher.cli import run

if __name__ == "__main__":  # worker processes started by `spawn` import this module too
    run()
