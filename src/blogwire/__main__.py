from blogwire.cli import main

# guarded: worker processes (blogwire.pool, spawn start method) import the parent's
# main module and must not run the CLI again
if __name__ == "__main__":
    main()
